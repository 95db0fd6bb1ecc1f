// Copies a tree into another, touching only what changed: a regular file whose size, mtime and
// mode match is left alone, symlinks are copied as symlinks, and nothing in the target is ever
// followed (entries are looked at with lstat, a file is written only after its old entry is
// unlinked, with O_EXCL). What the target has beyond the source is removed when `remove` says so.
import {
  chmodSync,
  constants,
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  utimesSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';
import type { SourceEntry } from './build-key.js';

export interface SyncOptions {
  /** Entries left out on both sides (never copied, never removed), by relative path and name. */
  readonly skip: (relPath: string, name: string) => boolean;
  /**
   * Which target entries missing from the source are removed: 'all' mirrors the source exactly;
   * a set removes only those paths (what an earlier sync copied), keeping files a build made.
   */
  readonly remove: 'all' | ReadonlySet<string>;
}

export interface SyncResult {
  /** Files and links copied because they were new or changed. */
  readonly copied: number;
  readonly removed: number;
  /** Every file and link of the source, with what the build key needs. */
  readonly entries: readonly SourceEntry[];
  /** Every path of the source, directories too (the next sync's `remove` set). */
  readonly paths: readonly string[];
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

// utimes takes seconds as a double, so a copied mtime can land a fraction of a millisecond off.
const sameFile = (a: Stats, b: Stats): boolean =>
  b.isFile() && a.size === b.size && Math.abs(a.mtimeMs - b.mtimeMs) < 2 && a.mode === b.mode;

export function syncTree(from: string, to: string, options: SyncOptions): SyncResult {
  const counts = { copied: 0, removed: 0 };
  const entries: SourceEntry[] = [];
  const paths: string[] = [];
  mkdirSync(to, { recursive: true });
  const walk = (rel: string): void => {
    const src = join(from, rel);
    const dest = join(to, rel);
    const names = new Set<string>();
    for (const entry of readdirSync(src, { withFileTypes: true })) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (options.skip(path, entry.name)) continue;
      paths.push(path);
      const s = lstatSync(join(src, entry.name));
      const d = lstatOrNull(join(dest, entry.name));
      const target = join(dest, entry.name);
      if (s.isDirectory()) {
        names.add(entry.name);
        if (d && !d.isDirectory()) rmSync(target, { recursive: true, force: true });
        if (!d || !d.isDirectory()) mkdirSync(target, { mode: 0o700 });
        walk(path);
        chmodSync(target, s.mode & 0o7777);
      } else if (s.isSymbolicLink()) {
        names.add(entry.name);
        entries.push({ path, size: s.size, mtimeMs: 0, mode: 0 });
        const link = readlinkSync(join(src, entry.name));
        if (d?.isSymbolicLink() && readlinkSync(target) === link) continue;
        if (d) rmSync(target, { recursive: true, force: true });
        symlinkSync(link, target);
        counts.copied++;
      } else if (s.isFile()) {
        names.add(entry.name);
        entries.push({ path, size: s.size, mtimeMs: s.mtimeMs, mode: s.mode & 0o7777 });
        if (d && sameFile(s, d)) continue;
        if (d) rmSync(target, { recursive: true, force: true });
        copyFileSync(join(src, entry.name), target, constants.COPYFILE_EXCL);
        chmodSync(target, s.mode & 0o7777);
        utimesSync(target, s.atime, s.mtime);
        counts.copied++;
      } // sockets, FIFOs and devices are not app files
    }
    for (const name of readdirSync(dest)) {
      const path = rel === '' ? name : `${rel}/${name}`;
      if (names.has(name) || options.skip(path, name)) continue;
      if (options.remove !== 'all' && !options.remove.has(path)) continue;
      rmSync(join(dest, name), { recursive: true, force: true });
      counts.removed++;
    }
  };
  walk('');
  return { ...counts, entries, paths };
}
