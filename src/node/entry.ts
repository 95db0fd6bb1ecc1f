// Decides how the app starts: `npm start` when package.json has scripts.start, else its `main`
// file, else the first of the conventional file names. Pure: file existence is passed in.
import { ModulusError } from '../errors/modulus-error.js';
import type { Manifest } from './package-json.js';

export const DEFAULT_ENTRIES = ['index.js', 'app.js', 'server.js', 'main.js'] as const;

export type Entry =
  | { kind: 'npm-start'; script: string; prestart?: string }
  | { kind: 'file'; file: string; why: 'main' | 'default' };

export interface EntryChoice {
  entry: Entry;
  warnings: string[];
}

export function chooseEntry(
  manifest: Manifest | undefined,
  exists: (file: string) => boolean,
  dir: string,
): EntryChoice {
  const warnings: string[] = [];
  const start = manifest?.scripts.start;
  if (start !== undefined && start.trim() !== '') {
    const prestart = manifest?.scripts.prestart;
    return { entry: { kind: 'npm-start', script: start, ...(prestart ? { prestart } : {}) }, warnings };
  }
  const main = manifest?.main;
  if (main) {
    const candidates = [main, `${main}.js`, `${main.replace(/\/+$/, '')}/index.js`];
    const found = candidates.find(exists);
    if (found) return { entry: { kind: 'file', file: found, why: 'main' }, warnings };
    warnings.push(
      `package.json names main "${main}", but ${dir} has no such file; looking for the usual entry files`,
    );
  }
  const file = DEFAULT_ENTRIES.find(exists);
  if (file) return { entry: { kind: 'file', file, why: 'default' }, warnings };
  const looked = [
    ...(manifest ? ['package.json scripts.start'] : []),
    ...(main ? [`main (${main})`] : []),
    ...DEFAULT_ENTRIES,
  ];
  throw new ModulusError('NODE_NO_ENTRY', `nothing to start in ${dir}: looked for ${looked.join(', ')}`);
}
