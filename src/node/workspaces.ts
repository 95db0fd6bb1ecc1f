// npm workspaces at the app root: which packages a monorepo holds, and the choice a root without a
// start script must be given (MODULUS_APP_DIR, or a root start script that runs `npm start -w`).
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, normalize } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';

/** package.json's `workspaces`: an array of patterns, or yarn's `{ packages: [...] }`. */
export function workspacePatterns(value: unknown): string[] {
  const list = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null && Array.isArray((value as { packages?: unknown }).packages)
      ? (value as { packages: unknown[] }).packages
      : [];
  return list.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
}

export interface Workspace {
  /** Relative to the root, with `/`. */
  readonly dir: string;
  readonly name: string | undefined;
}

function readName(dir: string): string | undefined | null {
  try {
    const data = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    return typeof data.name === 'string' ? data.name : undefined;
  } catch {
    return null; // no package.json there: not a workspace
  }
}

/** The workspaces the patterns match: literal dirs and `dir/*` (the forms npm's docs show). */
export function listWorkspaces(root: string, patterns: readonly string[]): Workspace[] {
  const found: Workspace[] = [];
  const add = (dir: string): void => {
    const name = readName(join(root, dir));
    if (name !== null && !found.some((w) => w.dir === dir)) found.push({ dir, name });
  };
  for (const raw of patterns) {
    const pattern = raw.replace(/^\.\//, '').replace(/\/+$/, '');
    const star = pattern.indexOf('*');
    if (star === -1) {
      add(pattern);
      continue;
    }
    const parent = pattern.slice(0, pattern.lastIndexOf('/', star) + 1).replace(/\/$/, '');
    let names: string[] = [];
    try {
      names = readdirSync(join(root, parent)).sort();
    } catch {
      continue;
    }
    for (const name of names) add(parent === '' ? name : `${parent}/${name}`);
  }
  return found;
}

/** The error for a workspaces root that has nothing to start, naming its workspaces. */
export function workspaceRootError(root: string, workspaces: readonly Workspace[]): ModulusError {
  const named = workspaces.map((w) => (w.name ? `${w.name} (${w.dir})` : w.dir));
  const first = workspaces[0];
  return new ModulusError(
    'NODE_WORKSPACE_ROOT',
    `${join(root, 'package.json')} is an npm workspaces root without a start script; its workspaces: ${named.join(', ') || 'none found'}`,
    {
      hint: first
        ? `Choose the one to run: -e MODULUS_APP_DIR=${first.dir}, or add "start": "npm start -w ${first.name ?? first.dir}" to the root package.json.`
        : 'Add a start script to the root package.json, or set MODULUS_APP_DIR to the package to run.',
    },
  );
}

/** MODULUS_APP_DIR checked: a relative path inside the app root. */
export function appSubdir(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const dir = normalize(value.trim()).replace(/\/+$/, '');
  if (isAbsolute(dir) || dir === '..' || dir.startsWith('../'))
    throw new ModulusError('NODE_APP_DIR', `MODULUS_APP_DIR "${value}" must be a path inside the app`, {
      hint: 'Give it relative to the app root, e.g. MODULUS_APP_DIR=packages/web.',
    });
  return dir === '.' ? undefined : dir;
}
