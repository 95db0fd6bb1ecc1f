// Writes a generated config file whole or not at all: a temp file in the same directory, synced,
// then renamed over the target (a reader never sees half a file; a symlink there is replaced, not
// followed). As root the file is root's, 0640, in the group of its directory (in the secure volume
// layout that is the app's group, as for supervisor.conf); otherwise it is the caller's, 0644.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { errnoCode, ModulusError } from '../errors/modulus-error.js';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

export interface AtomicWrite {
  readonly mode: number;
  /** fchown'd before any byte is written; gid null means the directory's group. */
  readonly owner?: { uid: number; gid: number | null };
}

/** Temp file beside the target, synced, renamed over it; throws the underlying error. */
export function writeFileAtomically(file: string, text: string, how: AtomicWrite): void {
  const target = resolve(file);
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600);
    try {
      if (how.owner) fchownSync(fd, how.owner.uid, how.owner.gid ?? statSync(dir).gid);
      fchmodSync(fd, how.mode);
      const data = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

export function writeConfAtomically(file: string, text: string): void {
  const asRoot = process.getuid?.() === 0;
  try {
    writeFileAtomically(file, text, asRoot ? { mode: 0o640, owner: { uid: 0, gid: null } } : { mode: 0o644 });
  } catch (err) {
    throw new ModulusError(
      'CONF_WRITE',
      `cannot write ${resolve(file)}: ${errnoCode(err) ?? (err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}
