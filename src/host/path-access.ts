// Whether the app's user can reach the files a local run points it at (the modulus script, the
// start wrapper, the host's Node.js): every directory on the way must let that user search it.
// Checked by mode bits, the kernel's rule without supplementary groups or ACLs, so it may err
// towards a false alarm but not the other way.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface ModeFacts {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

/** Whether uid:gid has the permission `bit` (1 = x, 4 = r) on an entry with these facts. */
export function allowed(facts: ModeFacts, uid: number, gid: number, bit: number): boolean {
  if (uid === 0) return true;
  if (facts.uid === uid) return ((facts.mode >> 6) & bit) !== 0;
  if (facts.gid === gid) return ((facts.mode >> 3) & bit) !== 0;
  return (facts.mode & bit) !== 0;
}

/**
 * The first directory above `path` that uid:gid cannot search, or the file itself when it cannot
 * read it; undefined when the path is reachable.
 */
export function blockedAt(
  path: string,
  uid: number,
  gid: number,
  stat: (p: string) => ModeFacts = statSync,
): string | undefined {
  const target = resolve(path);
  const dirs: string[] = [];
  for (let d = dirname(target); ; d = dirname(d)) {
    dirs.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const dir of dirs) if (!allowed(stat(dir), uid, gid, 1)) return dir;
  return allowed(stat(target), uid, gid, 4) ? undefined : target;
}
