// Finds the app's package.json (the shallowest one under the app root, never inside node_modules
// or .git) and reads the fields `start` needs.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, ModulusError } from '../errors/modulus-error.js';
import { workspacePatterns } from './workspaces.js';

export interface Manifest {
  name?: string;
  version?: string;
  main?: string;
  scripts: Record<string, string>;
  enginesNode?: string;
  /** npm workspaces patterns (empty when none). */
  workspaces?: string[];
}

export interface FoundPackage {
  dir: string;
  path: string;
  /** Other package.json files at the same depth, passed over. */
  others?: string[];
  manifest: Manifest;
}

const SKIP = new Set(['node_modules', '.git']);
/** Deep enough for monorepo-ish layouts, shallow enough that a huge tree costs little. */
const MAX_DEPTH = 4;

/**
 * Breadth-first, in name order per level, so the result is the same on every start: the first
 * package.json at the shallowest depth that has one, and the others at that depth.
 */
export async function findPackageJsons(root: string): Promise<string[]> {
  let level = [root];
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    const found: string[] = [];
    for (const dir of level) {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      if (entries.some((e) => e.name === 'package.json' && e.isFile())) found.push(join(dir, 'package.json'));
      for (const e of entries) if (e.isDirectory() && !SKIP.has(e.name)) next.push(join(dir, e.name));
    }
    if (found.length > 0) return found;
    level = next;
  }
  return [];
}

export async function findPackageJson(root: string): Promise<string | undefined> {
  return (await findPackageJsons(root))[0];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function parseManifest(text: string, path: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ModulusError('NODE_PACKAGE_JSON', `${path} is not valid JSON: ${(err as Error).message}`, {
      hint: 'Fix the file (npm and Node.js cannot read it either).',
      cause: err,
    });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ModulusError('NODE_PACKAGE_JSON', `${path} must hold a JSON object`);
  }
  const pkg = data as Record<string, unknown>;
  const scripts: Record<string, string> = {};
  if (typeof pkg.scripts === 'object' && pkg.scripts !== null) {
    for (const [k, v] of Object.entries(pkg.scripts)) if (typeof v === 'string') scripts[k] = v;
  }
  const engines =
    typeof pkg.engines === 'object' && pkg.engines !== null ? (pkg.engines as Record<string, unknown>) : {};
  return {
    name: str(pkg.name),
    version: str(pkg.version),
    main: str(pkg.main),
    scripts,
    enginesNode: str(engines.node),
    workspaces: workspacePatterns(pkg.workspaces),
  };
}

export async function readPackage(root: string): Promise<FoundPackage | undefined> {
  const [path, ...others] = await findPackageJsons(root);
  if (!path) return undefined;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ModulusError('NODE_PACKAGE_JSON', `cannot read ${path} (${errnoCode(err) ?? String(err)})`, {
      cause: err,
    });
  }
  const found: FoundPackage = { dir: join(path, '..'), path, manifest: parseManifest(text, path) };
  return others.length > 0 ? { ...found, others } : found;
}
