// Path values as supervisord treats them: `~` expanded, made absolute against the working
// directory (log files: kept as written), and (when a checker is given) the parent directory
// required to exist.
import { dirname, isAbsolute, resolve } from 'node:path';

export interface PathContext {
  /** Relative paths are resolved against this (supervisord's $CWD). */
  readonly cwd: string;
  /** What `~` stands for ($HOME). */
  readonly home: string;
  /** Answers whether a directory exists; parsing skips existence checks without it. */
  readonly dirExists?: (path: string) => boolean;
  /** Answers whether a user name or uid exists (user= of programs); unchecked without it. */
  readonly userExists?: (nameOrUid: string) => boolean;
}

/** `~` and `~/x` become the home directory; `~user` is left as written. */
export function expandHome(value: string, home: string): string {
  if (value === '~') return home;
  if (value.startsWith('~/')) return home + value.slice(1);
  return value;
}

export function absolutePath(value: string, ctx: PathContext): string {
  const expanded = expandHome(value, ctx.home);
  return isAbsolute(expanded) ? resolve(expanded) : resolve(ctx.cwd, expanded);
}

/** supervisord's existing_dirpath: the file need not exist, its directory must. */
export function pathInExistingDir(value: string, ctx: PathContext): string {
  const path = absolutePath(value, ctx);
  if (ctx.dirExists && !ctx.dirExists(dirname(path))) {
    throw new Error(`the directory of ${JSON.stringify(value)} (${dirname(path)}) does not exist`);
  }
  return path;
}

/**
 * supervisord's existing_dirpath for log files: the value as written with only `~` expanded (so
 * `%(here)s/../x.log` keeps its `..`, which the kernel resolves through a symlinked `here`, and a
 * relative path stays relative to the supervisor's working directory when it opens the file).
 */
export function logPathAsWritten(value: string, ctx: PathContext): string {
  const path = expandHome(value, ctx.home);
  // Joined, not resolved: the kernel, not the text, decides where a `..` leads.
  const dir = isAbsolute(path) ? dirname(path) : `${ctx.cwd}/${dirname(path)}`;
  if (ctx.dirExists && !ctx.dirExists(dir)) {
    throw new Error(`the directory of ${JSON.stringify(value)} (${dir}) does not exist`);
  }
  return path;
}

/** supervisord's existing_directory. */
export function existingDirectory(value: string, ctx: PathContext): string {
  const path = absolutePath(value, ctx);
  if (ctx.dirExists && !ctx.dirExists(path))
    throw new Error(`${JSON.stringify(value)} is not an existing directory`);
  return path;
}
