// Real pipes for children's stdout and stderr. Node's spawn gives a child a socketpair where
// supervisord gives os.pipe(); a Unix socket moves the same bytes at ~0.6x a pipe's rate (the
// writer pays for it too: `yes | head | cat` through a socket runs ~0.65x), so a program that logs
// heavily is slower under Node's default. Node has no pipe(2), so pipes are made as FIFOs: a batch
// at a time by one mkfifo(1) in a fresh 0700 directory, each opened at both ends, checked to be the
// FIFO we made (ours, one inode), and unlinked at once; what is left is an anonymous pipe. A few
// are kept ready so a restart never waits; when pipes cannot be made, callers fall back to Node's
// socketpair.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PipeEnds {
  /** Non-blocking, close-on-exec: ours. */
  readonly read: number;
  /** Blocking, close-on-exec: the child's, once dup'ed onto its fd 1 or 2. */
  readonly write: number;
}

export interface PipePoolOptions {
  /** The mkfifo(1) to run; default: found on PATH. */
  readonly mkfifo?: string;
  /** Where the batch directories are made; default the first of /run (as root), $TMPDIR, /tmp that nobody else can tamper with. */
  readonly dir?: string;
  /** Pipes kept ready; default 32 (64 descriptors), so a restart loop runs mkfifo about once in 8 restarts. */
  readonly spare?: number;
}

const { O_RDONLY, O_WRONLY, O_NONBLOCK, O_NOFOLLOW } = fs.constants;

export class PipePool {
  private readonly ready: PipeEnds[] = [];
  private readonly waiters: Array<(ends: PipeEnds | null) => void> = [];
  private making = false;
  /** Set after a batch failed: pipes are not to be had here, so nobody waits for them again. */
  private broken: string | null = null;

  constructor(private readonly options: PipePoolOptions = {}) {}

  /** Told once, with the reason, when pipes turn out not to be available here. */
  onUnavailable: ((reason: string) => void) | null = null;

  /** Why pipes are not available (callers use a socketpair), or null. */
  get unavailable(): string | null {
    return this.broken;
  }

  /** A fresh pipe, or null when none can be made (then never again: the caller falls back). */
  take(): Promise<PipeEnds | null> {
    if (this.broken !== null) return Promise.resolve(null);
    const ends = this.takeNow();
    if (ends) return Promise.resolve(ends);
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.refill();
    });
  }

  /** A pipe that is ready now, without waiting (undefined when none is: then take()). */
  takeNow(): PipeEnds | undefined {
    const ends = this.ready.shift();
    if (this.ready.length < this.spare / 2) this.refill();
    return ends;
  }

  /** Closes the spare pipes (they hold descriptors). */
  close(): void {
    for (const ends of this.ready.splice(0)) closeEnds(ends);
  }

  private get spare(): number {
    return this.options.spare ?? 32;
  }

  private refill(): void {
    if (this.making || this.broken !== null) return;
    this.making = true;
    const count = Math.max(1, this.spare - this.ready.length) + this.waiters.length * 2;
    void this.makeBatch(count).then(
      (made) => {
        this.making = false;
        for (const ends of made) {
          const waiter = this.waiters.shift();
          if (waiter) waiter(ends);
          else this.ready.push(ends);
        }
        if (this.waiters.length > 0) this.refill();
      },
      (err: unknown) => {
        this.making = false;
        this.broken = err instanceof Error ? err.message : String(err);
        this.onUnavailable?.(this.broken);
        for (const waiter of this.waiters.splice(0)) waiter(null);
      },
    );
  }

  private async makeBatch(count: number): Promise<PipeEnds[]> {
    const parent = this.options.dir ?? privateParent(defaultParents());
    if (parent === null)
      throw new Error('no directory that only root or this user can change (tried /run, $TMPDIR, /tmp)');
    const dir = fs.mkdtempSync(path.join(parent, 'modulus-pipes-'));
    const names = Array.from({ length: count }, (_, i) => path.join(dir, `p${i}`));
    const made: PipeEnds[] = [];
    try {
      await new Promise<void>((resolve, reject) =>
        execFile(this.options.mkfifo ?? 'mkfifo', ['-m', '600', '--', ...names], (err) =>
          err ? reject(new Error(`mkfifo: ${err.message.trim()}`)) : resolve(),
        ),
      );
      for (const name of names) made.push(openFifo(name));
      return made;
    } catch (err) {
      for (const ends of made) closeEnds(ends);
      throw err;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

function defaultParents(): string[] {
  return [...(process.geteuid?.() === 0 ? ['/run'] : []), os.tmpdir(), '/tmp'];
}

/**
 * The first directory where another user can neither write nor rename what we make: owned by us or
 * root and writable by nobody else, or root's sticky /tmp. In the images TMPDIR is the app user's
 * /mnt/tmp, which is not (mop could swap our directory for a link), so root uses /run there.
 */
export function privateParent(candidates: readonly string[]): string | null {
  const uid = process.geteuid?.() ?? -1;
  for (const dir of candidates) {
    let st: fs.Stats;
    try {
      st = fs.statSync(dir);
    } catch {
      continue;
    }
    if (!st.isDirectory() || (st.uid !== uid && st.uid !== 0)) continue;
    const othersWrite = (st.mode & 0o022) !== 0;
    if (!othersWrite || (st.mode & 0o1000) !== 0) {
      try {
        fs.accessSync(dir, fs.constants.W_OK);
        return dir;
      } catch {
        // ours to read only
      }
    }
  }
  return null;
}

/** Opens both ends of the FIFO at `name` (the read end first, so the write open does not block), then unlinks it. */
function openFifo(name: string): PipeEnds {
  const read = fs.openSync(name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW);
  let write = -1;
  try {
    write = fs.openSync(name, O_WRONLY | O_NOFOLLOW);
    fs.unlinkSync(name);
    const [r, w] = [fs.fstatSync(read), fs.fstatSync(write)];
    const uid = process.geteuid?.() ?? r.uid;
    // The directory is ours and 0700, but a pipe that carries a program's output is checked anyway.
    if (!r.isFIFO() || r.ino !== w.ino || r.dev !== w.dev || r.uid !== uid) {
      throw new Error(`${name} is not the FIFO mkfifo made`);
    }
    return { read, write };
  } catch (err) {
    fs.closeSync(read);
    if (write >= 0) fs.closeSync(write);
    throw err;
  }
}

export function closeEnds(ends: PipeEnds): void {
  for (const fd of [ends.read, ends.write]) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
  }
}
