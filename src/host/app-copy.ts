// Where the app may be copied, and who owns the copy: the volume's app/ must be apart from the app
// (or under its .modulus, which the build never copies), and what the app's user must own is
// handed to it entry by entry, never following a link.
import { lchownSync, lstatSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';

/** Left out of the copy at any depth: version control and our own state. */
const SKIPPED = new Set(['.git', '.modulus']);

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** Refuses a target inside the app (unless under a skipped dir) or an app inside the target. */
export function checkApart(source: string, target: string): void {
  const from = resolve(source);
  const to = resolve(target);
  const viaSkipped = relative(from, to)
    .split(sep)
    .some((part) => SKIPPED.has(part));
  if (isInside(to, from) && !viaSkipped)
    throw new ModulusError('RUN_APP_DIR', `the volume's app directory ${to} is inside the app ${from}`, {
      hint: "Put the volume elsewhere (--volume DIR), or under the app's .modulus directory.",
    });
  if (isInside(from, to))
    throw new ModulusError('RUN_APP_DIR', `the app ${from} is inside the volume's app directory ${to}`);
}

/**
 * Hands `dir` and everything under it (symlinks themselves, not their targets) to uid:gid, touching
 * only entries owned by someone else; returns how many it changed.
 */
export function chownTree(dir: string, uid: number, gid: number): number {
  let changed = 0;
  const own = (path: string): void => {
    const st = lstatSync(path);
    if (st.uid === uid && st.gid === gid) return;
    lchownSync(path, uid, gid);
    changed++;
  };
  own(dir);
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      own(path);
      if (entry.isDirectory()) walk(path);
    }
  };
  if (lstatSync(dir).isDirectory()) walk(dir);
  return changed;
}
