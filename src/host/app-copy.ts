// Puts the app into the volume: a fresh copy of APP_DIR in <volume>/app (without .git and
// .modulus, symlinks kept as symlinks), its production dependencies installed on the host when
// it ships none, and every file handed to the app's user.
import {
  chmodSync,
  constants,
  copyFileSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import { runCommand } from '../os/run-command.js';

/** Left out of the copy at any depth: version control and our own state. */
const SKIPPED = new Set(['.git', '.modulus']);

export const NPM_INSTALL_ARGS = ['install', '--omit=dev', '--no-audit', '--no-fund'] as const;

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
}

/** Replaces the contents of `target` (the volume's app/) with a copy of `source`. */
export function copyApp(source: string, target: string): void {
  const from = resolve(source);
  const to = resolve(target);
  const viaSkipped = relative(from, to)
    .split(sep)
    .some((part) => SKIPPED.has(part));
  if (isInside(to, from) && !viaSkipped)
    throw new ModulusError('RUN_APP_DIR', `the volume's app directory ${to} is inside the app ${from}`, {
      hint: "Put the volume elsewhere (--volume DIR), or under the app's .modulus directory.",
    });
  if (isInside(from, to))
    throw new ModulusError('RUN_APP_DIR', `the app ${from} is inside the volume's app directory ${to}`);
  for (const entry of readdirSync(to)) rmSync(join(to, entry), { recursive: true, force: true });
  try {
    copyTree(from, to);
  } catch (cause) {
    throw new ModulusError(
      'RUN_APP_DIR',
      `cannot copy ${from} to ${to}: ${errnoCode(cause) ?? String(cause)}`,
      {
        cause,
      },
    );
  }
}

/**
 * Copies the entries of `from` into the existing dir `to`: files with their mode, symlinks as
 * symlinks, directories recursively; sockets and FIFOs are left out. (fs.cpSync refuses a target
 * inside the source even when the filter would skip it, and `modulus run .` is exactly that.)
 */
function copyTree(from: string, to: string): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const src = join(from, entry.name);
    const dest = join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(src), dest);
    else if (entry.isDirectory()) {
      mkdirSync(dest, { mode: 0o700 }); // opened up to its own mode once filled
      copyTree(src, dest);
      chmodSync(dest, lstatSync(src).mode & 0o7777);
    } else if (entry.isFile()) {
      copyFileSync(src, dest, constants.COPYFILE_EXCL);
      chmodSync(dest, lstatSync(src).mode & 0o7777);
    }
  }
}

/** Whether package.json in `appDir` names dependencies that are not installed there. */
export function needsInstall(appDir: string): boolean {
  let manifest: { dependencies?: unknown };
  try {
    manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as typeof manifest;
  } catch {
    return false; // no or bad package.json: `modulus start` reports it with its file and line
  }
  const deps = manifest?.dependencies;
  const hasDeps = typeof deps === 'object' && deps !== null && Object.keys(deps).length > 0;
  let hasModules = true;
  try {
    readdirSync(join(appDir, 'node_modules'));
  } catch {
    hasModules = false;
  }
  return hasDeps && !hasModules;
}

/** `npm install --omit=dev` in `appDir` on the host; its output goes to `log` line by line. */
export async function installDependencies(appDir: string, log: (line: string) => void): Promise<void> {
  const partial = { stdout: '', stderr: '' };
  const result = await runCommand('npm', NPM_INSTALL_ARGS, {
    cwd: appDir,
    onOutput: (chunk, stream) => {
      const lines = (partial[stream] + chunk).split('\n');
      partial[stream] = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') log(`npm: ${line}`);
    },
  }).catch((cause: unknown) => {
    throw new ModulusError(
      'RUN_NPM_FAILED',
      `cannot run npm on this host: ${errnoCode(cause) ?? String(cause)}`,
      {
        cause,
        hint: 'Install Node.js with npm on the host, or ship node_modules in the app directory.',
      },
    );
  });
  for (const rest of [partial.stdout, partial.stderr]) if (rest.trim() !== '') log(`npm: ${rest}`);
  if (result.code !== 0)
    throw new ModulusError(
      'RUN_NPM_FAILED',
      `npm ${NPM_INSTALL_ARGS.join(' ')} in ${appDir} failed with status ${result.code}`,
      {
        hint: 'Fix the error npm printed above (or ship node_modules in the app directory), then run again.',
      },
    );
}

/** Hands `dir` and everything under it (symlinks themselves, not their targets) to uid:gid. */
export function chownTree(dir: string, uid: number, gid: number): void {
  lchownSync(dir, uid, gid);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) chownTree(path, uid, gid);
    else lchownSync(path, uid, gid);
  }
}
