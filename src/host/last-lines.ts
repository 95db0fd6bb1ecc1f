// The last N lines of a log file, found by reading backwards from the end in blocks, so a huge
// app.log costs only what is shown. Opened without following symlinks, like every log reader here.
import fs from 'node:fs';

const BLOCK = 64 * 1024;
const NL = 0x0a;

/**
 * How many bytes before the end the last `lines` lines start: a final line without a newline
 * counts as a line. 0 lines → 0 bytes.
 */
export function lastLinesLength(fd: number, size: number, lines: number): number {
  if (lines <= 0 || size === 0) return 0;
  // The file's final newline ends the last line rather than starting a new one.
  let wanted = lines + 1;
  let pos = size;
  const buf = Buffer.alloc(BLOCK);
  while (pos > 0) {
    const start = Math.max(0, pos - BLOCK);
    const n = fs.readSync(fd, buf, 0, pos - start, start);
    for (let i = n - 1; i >= 0; i--) {
      if (buf[i] !== NL) continue;
      if (start + i === size - 1) continue;
      if (--wanted === 1) return size - (start + i + 1);
    }
    pos = start;
  }
  return size;
}

export interface LastLines {
  readonly text: Buffer;
  /** The file's size when read: following from here shows nothing twice. */
  readonly size: number;
}

const openLog = (path: string): number =>
  fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);

export function readLastLines(path: string, lines: number): LastLines {
  const fd = openLog(path);
  try {
    const size = fs.fstatSync(fd).size;
    const length = lastLinesLength(fd, size, lines);
    const text = Buffer.alloc(length);
    const n = length === 0 ? 0 : fs.readSync(fd, text, 0, length, size - length);
    return { text: text.subarray(0, n), size };
  } finally {
    fs.closeSync(fd);
  }
}

/** How many bytes before the end of `path` its last `lines` lines start (a `head` for followLog). */
export function lastLinesBytes(path: string, lines: number): number {
  const fd = openLog(path);
  try {
    return lastLinesLength(fd, fs.fstatSync(fd).size, lines);
  } finally {
    fs.closeSync(fd);
  }
}
