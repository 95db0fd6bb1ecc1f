// Where to cut the output stream into files: the pure decision behind rotation at line boundaries.
// supervisord rotates after the write that crossed maxbytes, so files pass the limit and lines get split.

/** What the writer knows about the file it is appending to. */
export interface FileLineState {
  /** Bytes in the file. */
  readonly size: number;
  /** Bytes of the file's last line when it has no '\n' yet; 0 when the file is empty or ends a line. */
  readonly openLine: number;
}

export const FRESH_FILE: FileLineState = { size: 0, openLine: 0 };

const NL = 0x0a;

/**
 * The offset in `chunk` at which to rotate (bytes before it go into the current file, the rest
 * starts the next one), or null when the whole chunk belongs in the current file.
 *
 * A file passes maxbytes only to finish a line it already started, and a line is split only when
 * that line alone is longer than maxbytes (it then fills files to exactly maxbytes).
 */
export function cutPoint(file: FileLineState, maxbytes: number, chunk: Buffer): number | null {
  if (maxbytes <= 0 || file.size + chunk.length <= maxbytes) return null;
  let pos = 0;
  let size = file.size;
  if (file.openLine > 0) {
    const nl = chunk.indexOf(NL);
    const rest = nl < 0 ? chunk.length : nl + 1;
    // The open line alone is longer than maxbytes: fill this file, continue the line in the next.
    if (file.openLine + rest > maxbytes) return Math.max(0, maxbytes - size);
    if (nl < 0) return null;
    pos = rest;
    size += rest;
  }
  const room = maxbytes - size;
  if (room > 0) {
    const last = chunk.lastIndexOf(NL, pos + room - 1);
    if (last >= pos) return last + 1;
  }
  if (pos > 0) return pos;
  if (size > 0) return 0;
  // An empty file and a first line longer than maxbytes: the only case where a line is split.
  return maxbytes;
}

/** The file's state after `written` was appended to it. */
export function advance(file: FileLineState, written: Buffer): FileLineState {
  if (written.length === 0) return file;
  const last = written.lastIndexOf(NL);
  const openLine = last < 0 ? file.openLine + written.length : written.length - last - 1;
  return { size: file.size + written.length, openLine };
}
