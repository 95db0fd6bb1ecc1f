// What `modulus build` remembers between runs: in the cache, the source paths it copied and the
// keys of the install and the build in the work dir; in the output dir, a stamp saying which install
// its node_modules came from. Written atomically; anything unreadable counts as nothing built yet.
import { readFileSync, rmSync } from 'node:fs';
import { writeFileAtomically } from '../os/atomic-file.js';

export interface WorkState {
  readonly sources: readonly string[];
  readonly install?: string;
  readonly build?: string;
}

export interface OutStamp {
  readonly install: string;
  readonly node: string;
}

export const OUT_STAMP = '.modulus-build.json';

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function readWorkState(path: string): WorkState {
  const data = readJson(path);
  const sources = Array.isArray(data?.sources) ? data.sources.filter((s) => typeof s === 'string') : [];
  return { sources, install: str(data?.install), build: str(data?.build) };
}

export function writeWorkState(path: string, state: WorkState): void {
  writeFileAtomically(path, `${JSON.stringify(state)}\n`, { mode: 0o644 });
}

export function readOutStamp(path: string): OutStamp | undefined {
  const data = readJson(path);
  const install = str(data?.install);
  const node = str(data?.node);
  return install && node ? { install, node } : undefined;
}

export function writeOutStamp(path: string, stamp: OutStamp): void {
  writeFileAtomically(path, `${JSON.stringify({ version: 1, ...stamp })}\n`, { mode: 0o644 });
}

export function removeOutStamp(path: string): void {
  rmSync(path, { force: true });
}
