// Where a LogFile's bytes land: the live file reached through its SafeDir (or stdout/stderr or a
// device), and the operations that replace it (rotate, reopen, clear), each verified like the first open.
import fs from 'node:fs';
import path from 'node:path';
import { shiftBackups } from './backups.js';
import { FRESH_FILE, type FileLineState } from './rotation.js';
import { SafeDir, type OpenOptions } from './safe-dir.js';

/** An open descriptor and what the writer knows about the file's end. */
export type Sink =
  | { kind: 'file'; fd: number; line: FileLineState }
  | { kind: 'device'; fd: number; owned: boolean; line: FileLineState };

// supervisord users log to /dev/stdout under Docker; /dev/stdout is a symlink we would refuse.
const STDIO: Readonly<Record<string, number>> = {
  '/dev/stdout': 1,
  '/dev/stderr': 2,
  '/dev/fd/1': 1,
  '/dev/fd/2': 2,
};
// An existing file's unfinished last line is looked for this far back; beyond that it counts as too long.
const TAIL_PROBE = 64 * 1024;

export class LogTarget {
  /** The open file, or null after an open failed (the writer retries when it next writes). */
  sink: Sink | null = null;
  lastError: unknown = null;

  private constructor(
    readonly path: string,
    private readonly dir: SafeDir | null,
    private readonly name: string,
    private readonly options: OpenOptions,
    /** Receives what was odd but handled (a planted symlink replaced, a rename that failed). */
    public warn: (message: string) => void,
  ) {}

  /** Opens the live file; throws LOG_UNSAFE_PATH or LOG_OPEN_FAILED. */
  static open(filePath: string, options: OpenOptions, warn: (message: string) => void): LogTarget {
    const stdio = STDIO[filePath];
    if (stdio !== undefined) {
      const target = new LogTarget(filePath, null, '', options, warn);
      target.sink = { kind: 'device', fd: stdio, owned: false, line: FRESH_FILE };
      return target;
    }
    // As written, as supervisord opens it: no lexical `..` collapsing (the kernel resolves `..`
    // through a symlinked directory), a relative path from the working directory at this moment.
    const dir = SafeDir.open(path.dirname(filePath));
    try {
      const target = new LogTarget(filePath, dir, path.basename(filePath), options, warn);
      target.sink = target.openSink();
      return target;
    } catch (err) {
      dir.close();
      throw err;
    }
  }

  /** Whether size-based rotation applies (a regular file in a directory, not a device or stdout). */
  get rotatable(): boolean {
    return this.sink?.kind === 'file';
  }

  /** The sink, opening it again if the last open failed; null (with lastError) if it still fails. */
  ensure(): Sink | null {
    if (this.sink === null && this.dir !== null) this.sink = this.tryOpen();
    return this.sink;
  }

  /**
   * app.log → app.log.1 → … (or removed when backups is 0), then a fresh app.log. False when no
   * fresh file resulted (the old name could not be moved), so the caller can hold off retrying.
   */
  rotate(backups: number): boolean {
    if (this.dir === null || this.sink?.kind === 'device') return false;
    const dir = this.dir;
    this.guard(() => shiftBackups(dir, this.name, backups, this.warn));
    this.closeSink();
    this.sink = this.tryOpen();
    return this.sink === null || this.sink.line.size === 0;
  }

  /** SIGUSR2: the same path again, whatever now sits there (verified as on the first open). */
  reopen(): void {
    if (this.dir === null) return;
    this.closeSink();
    this.sink = this.tryOpen();
  }

  /** supervisord's clearProcessLogs: remove the live name, start a fresh file; backups stay. */
  clear(): void {
    if (this.dir === null || this.sink?.kind === 'device') return;
    const dir = this.dir;
    this.guard(() => dir.unlink(this.name));
    this.reopen();
  }

  close(): void {
    this.closeSink();
    this.dir?.close();
  }

  private openSink(): Sink {
    const entry = (this.dir as SafeDir).openAppend(this.name, this.options, this.warn);
    if (entry.kind === 'device') return { kind: 'device', fd: entry.fd, owned: true, line: FRESH_FILE };
    return {
      kind: 'file',
      fd: entry.fd,
      line: { size: entry.size, openLine: lastLineLength(entry.fd, entry.size) },
    };
  }

  private tryOpen(): Sink | null {
    try {
      return this.openSink();
    } catch (err) {
      this.lastError = err;
      this.warn(err instanceof Error ? err.message : String(err));
      return null;
    }
  }

  private closeSink(): void {
    const s = this.sink;
    if (s !== null && (s.kind === 'file' || s.owned)) fs.closeSync(s.fd);
    this.sink = null;
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (err) {
      this.warn(`${this.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Length of an existing file's unfinished last line, so rotation knows a line is open at startup. */
function lastLineLength(fd: number, size: number): number {
  if (size === 0) return 0;
  const len = Math.min(size, TAIL_PROBE);
  const buf = Buffer.alloc(len);
  const got = fs.readSync(fd, buf, 0, len, size - len);
  const tail = buf.subarray(0, got);
  const nl = tail.lastIndexOf(0x0a);
  if (nl === tail.length - 1) return 0;
  return nl < 0 ? size : tail.length - nl - 1;
}
