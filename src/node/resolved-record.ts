// The version chosen last time and the inputs that chose it, kept in the volume so the next start
// with the same inputs picks the same version without the network.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The grammar the specifier was parsed with. A record is written only after its specifier parsed, so
 * one with this grammar needs no parse again; records from before node-semver (which accepted what
 * it refuses) have none and are read as no record.
 */
export const SPEC_GRAMMAR = 'node-semver-7';

export interface ResolvedRecord {
  /** The specifier text, or '' for "newest LTS". */
  spec: string;
  grammar: string;
  source: string;
  mirror: string;
  platform: string;
  version: string;
}

export function sameInputs(a: Omit<ResolvedRecord, 'version'>, b: Omit<ResolvedRecord, 'version'>): boolean {
  return (
    a.spec === b.spec &&
    a.grammar === b.grammar &&
    a.source === b.source &&
    a.mirror === b.mirror &&
    a.platform === b.platform
  );
}

export async function readRecord(path: string): Promise<ResolvedRecord | undefined> {
  try {
    const r = JSON.parse(await readFile(path, 'utf8')) as Partial<ResolvedRecord>;
    const fields = [r.spec, r.grammar, r.source, r.mirror, r.platform, r.version];
    // The volume is the app's to write: a version that is not plain vX.Y.Z is no record.
    const ok = fields.every((f) => typeof f === 'string') && /^v\d+\.\d+\.\d+$/.test(r.version!);
    return ok ? (r as ResolvedRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Atomic (temp file + rename); returns the error message instead of throwing, since a record is only an optimisation. */
export async function writeRecord(path: string, record: ResolvedRecord): Promise<string | undefined> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(temp, `${JSON.stringify(record, null, 2)}\n`);
    await rename(temp, path);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
