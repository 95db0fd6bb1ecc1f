// What a local `modulus run` sets up outside the volume: the root-only runtime dir with the
// supervisor's global config, the host's Node.js offered as a preinstalled version (so an app that
// names none runs without a network), and the app's supervisor.conf pointing at this package.
import { chmodSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { renderAppConf } from './app-conf.js';
import { writeConfAtomically } from '../os/atomic-file.js';
import { renderGlobalConf } from './global-conf.js';
import type { InstallPaths } from './install-paths.js';
import type { EnvPair } from './run-env.js';
import type { VolumePaths } from './volume-layout.js';
import type { RuntimeDir } from './workspace.js';

/** A Unix socket path is at most 107 bytes (sun_path is 108, with its NUL). */
const MAX_SOCKET_PATH = 107;

/** A word for supervisord's shell-like command splitting: quoted only when it must be. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The host Node.js installation: the prefix above bin/node. */
export function hostNodePrefix(execPath: string = process.execPath): string {
  return dirname(dirname(execPath));
}

/** `<dir>/<version>` → the host's Node.js prefix, replaced atomically when it points elsewhere. */
export function linkHostNode(dir: string, version: string = process.version): string {
  const link = join(dir, version);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const temp = `${link}.${process.pid}.tmp`;
  rmSync(temp, { force: true });
  symlinkSync(hostNodePrefix(), temp);
  renameSync(temp, link);
  return link;
}

export function prepareRuntimeDir(runtime: RuntimeDir): void {
  if (Buffer.byteLength(runtime.socket) > MAX_SOCKET_PATH)
    throw new ModulusError(
      'RUN_SOCKET_PATH',
      `the control socket path ${runtime.socket} is longer than the ${MAX_SOCKET_PATH} bytes a Unix socket allows`,
    );
  // The parents stay searchable: the volumes and the Node.js link under .modulus must be reachable
  // by the app's user; only the runtime dir itself is root's alone.
  mkdirSync(dirname(runtime.dir), { recursive: true, mode: 0o755 });
  mkdirSync(runtime.dir, { recursive: true, mode: 0o700 });
  chmodSync(runtime.dir, 0o700);
}

export interface LocalConfs {
  readonly runtime: RuntimeDir;
  readonly volume: VolumePaths;
  readonly install: InstallPaths;
  readonly preinstalledNode: string;
  readonly port: number;
  readonly user: string | null;
  readonly env: readonly EnvPair[];
}

/** The environment a local app gets from us, before the user's -e values (which may override it). */
export function localAppEnv(c: LocalConfs, ours: NodeJS.ProcessEnv = process.env): EnvPair[] {
  const env: EnvPair[] = [
    ['MODULUS_CLI', c.install.cli],
    ['MODULUS_MNT', c.volume.root],
    ['MODULUS_NODE_PREINSTALLED_DIR', c.preinstalledNode],
    ['MODULUS_NODE_PREINSTALLED_NAME', "this host's Node.js"],
  ];
  if (ours.NODEJS_ORG_MIRROR) env.push(['NODEJS_ORG_MIRROR', ours.NODEJS_ORG_MIRROR]);
  return [...env, ...c.env];
}

export interface RenderedConfs {
  readonly global: string;
  readonly app: string;
}

/** Both configs' text, rendered (and so checked) before anything is written. */
export function renderLocalConfs(c: LocalConfs): RenderedConfs {
  return {
    global: renderGlobalConf({
      mnt: c.volume.root,
      runDir: c.runtime.dir,
      programUser: c.user,
    }),
    app: renderAppConf({
      mnt: c.volume.root,
      command: shellWord(c.install.startScript),
      env: localAppEnv(c),
      port: c.port,
      user: c.user,
    }),
  };
}

/** Writes the global config into the runtime dir and supervisor.conf into the volume. */
export function writeLocalConfs(c: LocalConfs, confs: RenderedConfs): void {
  writeConfAtomically(c.runtime.config, confs.global);
  writeConfAtomically(c.volume.supervisorConf, confs.app);
}

/**
 * The supervisor's own environment, which its programs inherit: only what a host run needs
 * (PATH to find node and sh, locale, time zone, proxies for Node.js downloads). The rest of our
 * shell's environment stays out, as with `docker run`; pass a variable on with `-e NAME`.
 */
export function supervisorEnv(
  ours: NodeJS.ProcessEnv = process.env,
  execPath: string = process.execPath,
): NodeJS.ProcessEnv {
  const keep = /^(PATH|LANG|LANGUAGE|LC_[A-Z]+|TZ|(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy)$/;
  const env = Object.fromEntries(Object.entries(ours).filter(([k, v]) => keep.test(k) && v !== undefined));
  // The bundle's `#!/usr/bin/env node` (run by the notifier and the start wrapper) must find the
  // Node.js running us, even where none is on PATH.
  env.PATH = [dirname(execPath), ...(env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(':')]
    .filter((dir, i, all) => dir !== '' && all.indexOf(dir) === i)
    .join(':');
  return env;
}
