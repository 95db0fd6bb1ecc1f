// Follows a log file as `tail -f` does for supervisorctl's /logtail and /mainlogtail: starts a
// little before the end, yields what is appended, notices rotation (a new file at the name) and
// truncation, and never follows a symlink planted at the name.
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FollowOptions {
  /** Bytes before the end to start from (supervisord sends the last 1024). */
  readonly head: number;
  readonly signal: AbortSignal;
  /** How often to look for growth; supervisord's tail producer polls every 100 ms. */
  readonly pollMs?: number;
  /** Largest chunk read at once, so a burst is streamed rather than held in memory. */
  readonly chunkBytes?: number;
}

/** What supervisord's tail producer sends when the file shrank. */
export const TRUNCATED_NOTICE = '==> File truncated <==\n';

const FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

/**
 * Yields chunks until the signal aborts. The file is opened on the first read (so an iterator that is
 * never read holds no descriptor); a failed open is thrown from there.
 */
export function followLog(path: string, options: FollowOptions): AsyncIterable<Buffer | string> {
  return { [Symbol.asyncIterator]: () => follow(path, options) };
}

interface Open {
  fd: number;
  ino: number;
  offset: number;
}

function openAt(path: string): Open {
  const fd = fs.openSync(path, FLAGS);
  const st = fs.fstatSync(fd);
  if (!st.isFile()) {
    fs.closeSync(fd);
    throw Object.assign(new Error(`${path} is not a regular file`), { code: 'EINVAL' });
  }
  return { fd, ino: st.ino, offset: 0 };
}

async function* follow(path: string, options: FollowOptions): AsyncGenerator<Buffer | string> {
  let file = openAt(path);
  const pollMs = options.pollMs ?? 100;
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  const { signal } = options;
  try {
    const size = fs.fstatSync(file.fd).size;
    file.offset = size >= options.head ? size - options.head : 0;
    while (!signal.aborted) {
      let progressed = false;
      const size = fs.fstatSync(file.fd).size;
      if (size < file.offset) {
        file.offset = 0;
        yield TRUNCATED_NOTICE;
        continue;
      }
      if (size > file.offset) {
        yield readChunk(file, Math.min(size - file.offset, chunkBytes));
        progressed = true;
      } else {
        const replaced = reopenIfRotated(path, file);
        if (replaced !== null) {
          // The old file is drained (above) before switching, so no line written just before a rotation is lost.
          fs.closeSync(file.fd);
          file = replaced;
          progressed = true;
        }
      }
      if (!progressed) await sleep(pollMs, undefined, { signal }).catch(() => undefined);
    }
  } finally {
    fs.closeSync(file.fd);
  }
}

function readChunk(file: Open, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = fs.readSync(file.fd, buf, 0, length, file.offset);
  file.offset += n;
  return buf.subarray(0, n);
}

/** A new file at the name (rotation, clearLog) is opened from its start; a missing name keeps the old one. */
function reopenIfRotated(path: string, file: Open): Open | null {
  let ino: number;
  try {
    ino = fs.lstatSync(path).ino;
  } catch {
    return null;
  }
  if (ino === file.ino) return null;
  try {
    return openAt(path);
  } catch {
    return null;
  }
}
