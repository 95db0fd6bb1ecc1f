// A log directory opened once and used only through its descriptor (/proc/self/fd/N/name is openat),
// so the app user who can write in it cannot point our writes, renames or deletes anywhere else.
import fs from 'node:fs';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';

const C = fs.constants;
const DIR_FLAGS = C.O_RDONLY | C.O_DIRECTORY | C.O_NOFOLLOW;
// O_NONBLOCK: a FIFO planted at the name must not hang the supervisor in open(2). Read access lets
// the writer look at an existing file's last line; Node adds O_CLOEXEC to every open.
const FILE_FLAGS = C.O_RDWR | C.O_APPEND | C.O_NOFOLLOW | C.O_NONBLOCK;
const ATTEMPTS = 4;

export interface OpenOptions {
  /** Mode of a file we create (exact: applied with fchmod, so the umask does not change it). */
  mode: number;
  uid?: number;
  gid?: number;
}

/** What openAppend gives: a verified regular file, or a character device in a trusted directory. */
export interface OpenedEntry {
  readonly kind: 'file' | 'device';
  readonly fd: number;
  readonly size: number;
  readonly created: boolean;
}

export class SafeDir {
  private constructor(
    readonly path: string,
    readonly fd: number,
    /** Only we (root, or the owner) can write here: an odd entry was put there on purpose, so refuse it. */
    readonly trusted: boolean,
  ) {}

  static open(dirPath: string): SafeDir {
    let fd: number;
    try {
      fd = fs.openSync(dirPath, DIR_FLAGS);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ELOOP' || code === 'ENOTDIR') {
        throw new ModulusError(
          'LOG_UNSAFE_PATH',
          `log directory ${dirPath} is a symlink or not a directory`,
          {
            hint: 'Log directories are never reached through a symlink; point the log file at the real directory.',
            cause: err,
          },
        );
      }
      throw new ModulusError(
        'LOG_OPEN_FAILED',
        `cannot open log directory ${dirPath}: ${code ?? String(err)}`,
        {
          cause: err,
        },
      );
    }
    try {
      const st = fs.fstatSync(fd);
      fs.statSync(`/proc/self/fd/${fd}`);
      const euid = process.geteuid?.() ?? 0;
      return new SafeDir(dirPath, fd, st.uid === euid && (st.mode & 0o022) === 0);
    } catch (err) {
      fs.closeSync(fd);
      throw new ModulusError('LOG_OPEN_FAILED', `cannot use log directory ${dirPath} through /proc/self/fd`, {
        hint: 'modulus needs /proc mounted to write logs safely.',
        cause: err,
      });
    }
  }

  /** The path of an entry, resolved through our descriptor whatever happens to the directory's own path. */
  entry(name: string): string {
    if (name === '' || name === '.' || name === '..' || name.includes('/')) {
      throw new ModulusError('LOG_UNSAFE_PATH', `bad log file name ${JSON.stringify(name)} in ${this.path}`);
    }
    return `/proc/self/fd/${this.fd}/${name}`;
  }

  /**
   * Opens `name` for appending, creating it when missing. Never follows a symlink, never writes to a
   * file with another hard link, never opens a FIFO. In a directory others can write, such an entry
   * is removed (the name only, never what it points to) and a fresh file is created in its place,
   * with a warning; in a trusted directory it is refused.
   */
  openAppend(name: string, options: OpenOptions, warn: (message: string) => void): OpenedEntry {
    const full = this.entry(name);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const opened = this.tryOpen(full, options);
      if (typeof opened !== 'string') return opened;
      const where = `${this.path}/${name}`;
      if (this.trusted || opened === 'is a directory') {
        throw new ModulusError('LOG_UNSAFE_PATH', `log file ${where} ${opened}; refusing to write to it`, {
          hint: 'Remove it, or point the log at a plain file.',
        });
      }
      warn(`log file ${where} ${opened}; removed that name and created a fresh file`);
      this.unlink(name);
    }
    throw new ModulusError(
      'LOG_UNSAFE_PATH',
      `log file ${this.path}/${name} keeps being replaced; giving up`,
    );
  }

  /** An OpenedEntry, or why the name cannot be used ("is a symlink", …). */
  private tryOpen(full: string, options: OpenOptions): OpenedEntry | string {
    let fd: number;
    let created = true;
    try {
      fd = fs.openSync(full, FILE_FLAGS | C.O_CREAT | C.O_EXCL, options.mode);
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw openFailed(this.path, full, err);
      created = false;
      try {
        fd = fs.openSync(full, FILE_FLAGS);
      } catch (err2) {
        const code = errnoCode(err2);
        if (code === 'ELOOP') return 'is a symlink';
        if (code === 'ENXIO') return 'is a FIFO or socket';
        if (code === 'EISDIR') return 'is a directory';
        if (code === 'ENOENT') return 'vanished while opening';
        throw openFailed(this.path, full, err2);
      }
    }
    const st = fs.fstatSync(fd);
    const problem = st.isFile()
      ? st.nlink === 1
        ? null
        : `has ${st.nlink} hard links`
      : st.isCharacterDevice() && this.trusted
        ? null
        : 'is not a regular file';
    if (problem !== null) {
      fs.closeSync(fd);
      return problem;
    }
    if (!st.isFile()) return { kind: 'device', fd, size: 0, created: false };
    if (created) fs.fchmodSync(fd, options.mode);
    if (options.uid !== undefined || options.gid !== undefined) {
      fs.fchownSync(fd, options.uid ?? -1, options.gid ?? -1);
    }
    return { kind: 'file', fd, size: st.size, created };
  }

  exists(name: string): boolean {
    try {
      fs.lstatSync(this.entry(name));
      return true;
    } catch {
      return false;
    }
  }

  /** Renames an entry within the directory (a symlink is renamed itself, never followed). False when `from` is gone. */
  rename(from: string, to: string): boolean {
    try {
      fs.renameSync(this.entry(from), this.entry(to));
      return true;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return false;
      throw err;
    }
  }

  /** Removes a name (a symlink or hard link goes, its target stays). False when it was already gone. */
  unlink(name: string): boolean {
    try {
      fs.unlinkSync(this.entry(name));
      return true;
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return false;
      throw err;
    }
  }

  /**
   * Creates `name` for writing, failing with EEXIST when anything (a planted symlink included) is
   * already there. The mode is applied with fchmod so the umask does not change it.
   */
  createExclusive(name: string, mode: number): number {
    const fd = fs.openSync(this.entry(name), C.O_WRONLY | C.O_CREAT | C.O_EXCL | C.O_NOFOLLOW, mode);
    fs.fchmodSync(fd, mode);
    return fd;
  }

  /**
   * Gives the file at `from` the name `to` only if `to` is free (link(2) never replaces), then removes
   * `from`: a rename that cannot clobber. False when `to` exists.
   */
  linkNoReplace(from: string, to: string): boolean {
    try {
      fs.linkSync(this.entry(from), this.entry(to));
    } catch (err) {
      if (errnoCode(err) === 'EEXIST') return false;
      throw err;
    }
    this.unlink(from);
    return true;
  }

  /** The names in the directory. */
  list(): string[] {
    return fs.readdirSync(`/proc/self/fd/${this.fd}`);
  }

  /** lstat of an entry (a symlink is described, not followed); null when it is gone. */
  lstat(name: string): fs.Stats | null {
    try {
      return fs.lstatSync(this.entry(name));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return null;
      throw err;
    }
  }

  /** Makes the directory's entries (a rename, a new link) durable. */
  sync(): void {
    fs.fsyncSync(this.fd);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function openFailed(dir: string, full: string, err: unknown): ModulusError {
  const name = full.slice(full.lastIndexOf('/') + 1);
  return new ModulusError(
    'LOG_OPEN_FAILED',
    `cannot open log file ${dir}/${name}: ${errnoCode(err) ?? String(err)}`,
    {
      cause: err,
    },
  );
}
