// Puts notifications into the directory the platform reads: one file each, named to sort by time,
// written to a temp file, fsynced and linked into place (never replacing, never through a planted
// link), with caps on count and total size that drop the oldest first and say so in the next file.
import fs from 'node:fs';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import { SafeDir } from '../logs/safe-dir.js';
import { randomName } from '../os/random-name.js';
import { recordJson, recordLine, type NotificationRecord } from './record.js';

export interface WriterOptions {
  readonly maxFiles: number;
  readonly maxBytes: number;
  /** Mode of the files; the platform reads them from the host. */
  readonly mode?: number;
  readonly clock?: () => number;
  /**
   * Also gives every record, as one JSON line, to this sink (the container's log in a cluster,
   * where the volume dies with the pod; see line-sink.ts). Called before the file is written, so a
   * record the directory cannot take still reaches the log; a sink that throws is ignored.
   */
  readonly lineSink?: (line: string) => void;
}

export const DEFAULT_MAX_FILES = 1000;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** `20261129T140339.123Z-000001-4242.crash.json`: time, then a per-writer sequence, then our pid. */
export const NOTIFICATION_NAME = /^\d{8}T\d{6}\.\d{3}Z-\d{6,}-\d+\.[a-z-]+\.json$/;
const TEMP_PREFIX = '.tmp-';
// A temp file this old was left by a writer that died mid-write.
const STALE_TEMP_MS = 60_000;

export function notificationName(timeMs: number, seq: number, pid: number, type: string): string {
  const stamp = new Date(timeMs).toISOString().replace(/[-:]/g, '');
  return `${stamp}-${String(seq).padStart(6, '0')}-${pid}.${type}.json`;
}

interface Entry {
  readonly name: string;
  readonly size: number;
}

export class NotificationWriter {
  private seq = 0;
  private lastStamp = 0;
  /** Notifications removed by the caps, or lost to a failed write, since the last file written. */
  private dropped = 0;
  private readonly clock: () => number;

  private constructor(
    private readonly dir: SafeDir,
    private readonly options: WriterOptions,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  static open(path: string, options: WriterOptions): NotificationWriter {
    let dir: SafeDir;
    try {
      dir = SafeDir.open(path);
    } catch (err) {
      throw new ModulusError('NOTIFY_DIR', `cannot use the notifications directory ${path}`, {
        hint: 'Create it as a real directory (not a symlink) that this user can write.',
        cause: err,
      });
    }
    const writer = new NotificationWriter(dir, options);
    writer.removeStaleTemps();
    return writer;
  }

  get path(): string {
    return this.dir.path;
  }

  /** Writes one record (its `dropped` is filled in here); returns the file's name. */
  write(record: NotificationRecord): string {
    const entries = this.scan();
    const estimate = Buffer.byteLength(recordJson({ ...record, dropped: this.dropped + entries.length }));
    this.dropped += this.makeRoom(entries, estimate);
    const final = { ...record, dropped: this.dropped };
    this.echo(final);
    const data = recordJson(final);
    let temp = '';
    try {
      temp = this.writeTemp(data);
      const name = this.link(temp, record.type);
      this.dir.sync();
      this.dropped = 0;
      return name;
    } catch (err) {
      if (temp) this.dir.unlink(temp);
      this.dropped++;
      throw new ModulusError(
        'NOTIFY_WRITE',
        `cannot write a ${record.type} notification in ${this.dir.path}`,
        {
          cause: err,
        },
      );
    }
  }

  close(): void {
    this.dir.close();
  }

  private echo(record: NotificationRecord): void {
    try {
      this.options.lineSink?.(recordLine(record));
    } catch {
      // the log is a copy; the file is the record of truth
    }
  }

  /** Writes the data to a fresh hidden file and returns its name; anything already at a name is passed over. */
  private writeTemp(data: string): string {
    let temp = '';
    let fd = -1;
    for (let attempt = 0; fd < 0; attempt++) {
      temp = `${TEMP_PREFIX}${process.pid}-${++this.seq}-${randomName(8)}.json`;
      try {
        fd = this.dir.createExclusive(temp, this.options.mode ?? 0o644);
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST' || attempt >= 10) throw err;
      }
    }
    try {
      const buffer = Buffer.from(data);
      let off = 0;
      while (off < buffer.length) off += fs.writeSync(fd, buffer, off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return temp;
  }

  /** Links the temp file at a fresh name; a name someone planted is skipped, never replaced. */
  private link(temp: string, type: string): string {
    for (let attempt = 0; attempt < 100; attempt++) {
      this.lastStamp = Math.max(this.lastStamp, this.clock());
      const name = notificationName(this.lastStamp, this.seq, process.pid, type);
      if (this.dir.linkNoReplace(temp, name)) return name;
      this.seq++;
    }
    throw new Error('every name tried was taken');
  }

  /** Our files, oldest first. Anything else in the directory is not ours to count or remove. */
  private scan(): Entry[] {
    const entries: Entry[] = [];
    for (const name of this.dir
      .list()
      .filter((n) => NOTIFICATION_NAME.test(n))
      .sort()) {
      const st = this.dir.lstat(name);
      if (st && !st.isDirectory()) entries.push({ name, size: st.isFile() ? st.size : 0 });
    }
    return entries;
  }

  /** Removes the oldest files until one more of `size` bytes fits; returns how many went. */
  private makeRoom(entries: Entry[], size: number): number {
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    let left = entries.length;
    let removed = 0;
    // A record bigger than the byte cap on its own is still written, alone.
    for (const e of entries) {
      if (left + 1 <= this.options.maxFiles && total + size <= this.options.maxBytes) break;
      // A file that vanished meanwhile was taken by the platform: gone, but not dropped by us.
      if (this.dir.unlink(e.name)) removed++;
      left--;
      total -= e.size;
    }
    return removed;
  }

  private removeStaleTemps(): void {
    const now = this.clock();
    for (const name of this.dir.list()) {
      if (!name.startsWith(TEMP_PREFIX)) continue;
      const st = this.dir.lstat(name);
      if (st && !st.isDirectory() && now - st.mtimeMs > STALE_TEMP_MS) this.dir.unlink(name);
    }
  }
}
