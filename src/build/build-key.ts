// The cache keys of `modulus build` (pure): the installed dependencies are reused while the
// lockfile (or, without one, the dependency fields of package.json), the npm arguments and the
// Node.js they were built for (version, ABI, platform) stay the same; the build output while
// those and every source file (path, size, mtime, mode) stay the same.
import { createHash } from 'node:crypto';

export interface InstallInputs {
  /** The lockfile's text, or undefined without one. */
  readonly lockfile: string | undefined;
  /** package.json's text. */
  readonly manifest: string;
  readonly args: readonly string[];
  readonly nodeVersion: string;
  /** `linux-x64`: native modules are built for one platform (the ABI follows from the version). */
  readonly platform: string;
}

const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
  'peerDependencies',
  'bundleDependencies',
  'bundledDependencies',
  'overrides',
  'workspaces',
] as const;

function sha256(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}`);
  return hash.digest('hex');
}

/** The fields of package.json an install depends on (a changed script does not reinstall). */
export function dependencyFields(manifestText: string): string {
  let data: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(manifestText);
    if (typeof parsed === 'object' && parsed !== null) data = parsed as Record<string, unknown>;
  } catch {
    return manifestText;
  }
  return JSON.stringify(DEPENDENCY_FIELDS.map((k) => [k, data[k] ?? null]));
}

export function installKey(i: InstallInputs): string {
  return sha256([
    'install-1',
    i.lockfile ?? '',
    i.lockfile === undefined ? dependencyFields(i.manifest) : '',
    i.args.join(' '),
    i.nodeVersion,
    i.platform,
  ]);
}

export interface SourceEntry {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly mode: number;
}

export function buildKey(install: string, sources: readonly SourceEntry[], scripts: readonly string[]): string {
  const listed = [...sources]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => `${e.path}\0${e.size}\0${Math.round(e.mtimeMs / 10)}\0${e.mode}`);
  return sha256(['build-1', install, scripts.join('\0'), ...listed]);
}
