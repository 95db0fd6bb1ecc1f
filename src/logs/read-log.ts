// supervisord's readLog and tailLog over a log file (options.py readFile/tailFile), behind the
// XML-RPC readLog, readProcessStdoutLog and tailProcessStdoutLog. A symlink or hard link planted at
// the name is refused, so a root reader never shows the app user a file it could not read itself.
import fs from 'node:fs';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';

const READ_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

/** [text, offset just past the end of the file, overflow] as tailProcessStdoutLog returns it. */
export type TailResult = [text: string, offset: number, overflow: boolean];

/**
 * `length` bytes from `offset`; a negative offset reads that many bytes from the end (length must
 * be 0 then); length 0 reads to the end. Throws LOG_NO_FILE, LOG_BAD_ARGUMENTS or LOG_READ_FAILED.
 */
export function readLog(filePath: string, offset: number, length: number): string {
  if (offset < 0 ? length !== 0 : length < 0) {
    throw new ModulusError('LOG_BAD_ARGUMENTS', `bad offset ${offset} and length ${length} for ${filePath}`);
  }
  const fd = openLog(filePath);
  try {
    const size = fs.fstatSync(fd).size;
    const start = offset < 0 ? Math.max(0, size + offset) : offset;
    const count = offset < 0 ? -offset : length === 0 ? Math.max(0, size - offset) : length;
    return readAt(fd, start, Math.min(count, Math.max(0, size - start))).toString('utf8');
  } catch (err) {
    throw new ModulusError('LOG_READ_FAILED', `cannot read ${filePath}: ${errnoCode(err) ?? String(err)}`, {
      cause: err,
    });
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Up to `length` bytes ending the file, from `offset` when nothing newer was skipped; when the file
 * grew past offset + length, overflow is set and only the last `length` bytes come back.
 * A missing file gives ['', 0, false], as supervisord's tailProcessStdoutLog does.
 */
export function tailLog(filePath: string, offset: number, length: number): TailResult {
  let fd: number;
  try {
    fd = openLog(filePath);
  } catch (err) {
    return err instanceof ModulusError && err.code === 'LOG_NO_FILE' ? ['', 0, false] : ['', offset, false];
  }
  try {
    const size = fs.fstatSync(fd).size;
    let overflow = false;
    if (size > offset + length) {
      overflow = true;
      offset = size - 1;
    }
    if (offset + length > size) {
      if (offset > size - 1) length = 0;
      offset = size - length;
    }
    offset = Math.max(0, offset);
    length = Math.max(0, length);
    const text = length === 0 ? '' : readAt(fd, offset, length).toString('utf8');
    return [text, size, overflow];
  } catch {
    return ['', offset, false];
  } finally {
    fs.closeSync(fd);
  }
}

function openLog(filePath: string): number {
  let fd: number;
  try {
    fd = fs.openSync(filePath, READ_FLAGS);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT')
      throw new ModulusError('LOG_NO_FILE', `no log file at ${filePath}`, { cause: err });
    throw new ModulusError('LOG_READ_FAILED', `cannot open ${filePath}: ${errnoCode(err) ?? String(err)}`, {
      cause: err,
    });
  }
  const st = fs.fstatSync(fd);
  if (!st.isFile() || st.nlink !== 1) {
    fs.closeSync(fd);
    throw new ModulusError('LOG_READ_FAILED', `${filePath} is not a plain log file (a link or special file)`);
  }
  return fd;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}
