// Runs package.json's start script the way `npm start` does (sh -c, node_modules/.bin on PATH,
// npm_* variables) but without npm in between, so the supervisor's signals reach the app itself.
import { dirname, join } from 'node:path';
import type { Manifest } from './package-json.js';

/** A script made only of words (no `;`, `&&`, pipes, redirections, subshells or leading VAR=) can be exec'd. */
export function isSimpleCommand(script: string): boolean {
  const s = script.trim();
  if (!/^[A-Za-z0-9_\-./:@%+,=~'" $]+$/.test(s)) return false;
  return !/^[A-Za-z_][A-Za-z0-9_]*=/.test(s);
}

/** Every node_modules/.bin from the package dir up to the filesystem root, nearest first (as npm does). */
export function binDirs(dir: string): string[] {
  const dirs: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    dirs.push(join(d, 'node_modules', '.bin'));
    if (dirname(d) === d) return dirs;
  }
}

export interface NpmStartCommand {
  argv: string[];
  env: Record<string, string>;
  forwardSignals: boolean;
}

export function npmStartCommand(
  manifest: Manifest,
  script: string,
  prestart: string | undefined,
  dir: string,
  nodeDir: string,
  path: string,
): NpmStartCommand {
  const nodeBin = join(nodeDir, 'bin', 'node');
  const env: Record<string, string> = {
    PATH: [...binDirs(dir), join(nodeDir, 'bin'), path].join(':'),
    NODE: nodeBin,
    INIT_CWD: dir,
    npm_lifecycle_event: 'start',
    npm_lifecycle_script: script,
    npm_node_execpath: nodeBin,
    npm_package_json: join(dir, 'package.json'),
    npm_execpath: join(nodeDir, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  };
  if (manifest.name) env.npm_package_name = manifest.name;
  if (manifest.version) env.npm_package_version = manifest.version;
  const simple = isSimpleCommand(script);
  // A compound script keeps its shell; the wrapper signals the whole group, and this trap keeps the
  // shell alive until the app has handled the signal, so its exit status is the app's (same list as
  // modulus_forward in images/run-node/start).
  const main = simple ? `exec ${script.trim()}` : `trap : HUP INT QUIT TERM USR1 USR2 ALRM WINCH\n${script}`;
  // prestart runs first in a child shell; the outer shell then execs the start script's shell.
  const argv = prestart
    ? [
        '/bin/sh',
        '-c',
        'npm_lifecycle_event=prestart npm_lifecycle_script="$1" sh -c "$1" || exit; exec sh -c "$2"',
        'sh',
        prestart,
        main,
      ]
    : ['/bin/sh', '-c', main];
  return { argv, env, forwardSignals: !simple };
}
