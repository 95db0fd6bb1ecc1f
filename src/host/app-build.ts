// The build step of `modulus run`, the same `modulus build` in both modes: locally in this
// process, with the Node.js the local app runs on; with --docker in a throw-away container of the
// build image (build-node: run-node plus a compiler and Node.js headers) as its mop user, with the
// volume at /mnt and the app read-only at /src, so dependencies (native modules too) are built for
// the image's Node.js. Ctrl-C stops the build and everything it started, and says so.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { build } from '../build/build.js';
import { progress } from '../build/progress.js';
import { ModulusError } from '../errors/modulus-error.js';
import { runCommand } from '../os/run-command.js';
import { checkApart } from './app-copy.js';
import type { EnvPair } from './run-env.js';
import type { VolumePaths } from './volume-layout.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** An AbortSignal that Ctrl-C (and SIGTERM, SIGHUP) fires while `work` runs. */
async function interruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  try {
    return await work(stop.signal);
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, onSignal);
  }
}

const stderrTarget = {
  write: (t: string) => process.stderr.write(t),
  isTTY: process.stderr.isTTY === true,
  columns: process.stderr.columns ?? 100,
};

export interface LocalBuild {
  readonly appDir: string;
  readonly volume: VolumePaths;
  /** Outside the volume, so the build (as root) never writes where the app's user could plant links. */
  readonly cache: string;
  /** MODULUS_MNT, the preinstalled Node.js dir and the user's -e values, as the app gets them. */
  readonly env: NodeJS.ProcessEnv;
}

export async function buildLocally(b: LocalBuild): Promise<void> {
  checkApart(b.appDir, b.volume.app);
  await interruptible((signal) =>
    build({
      app: b.appDir,
      out: b.volume.app,
      cache: b.cache,
      env: b.env,
      progress: progress(stderrTarget, 'modulus build: '),
      signal,
      fetch: (url, init) => fetch(url, init),
      replaceOut: true,
    }),
  );
}

export interface DockerBuild {
  readonly appDir: string;
  readonly volume: VolumePaths;
  readonly image: string;
  readonly container: string;
  readonly ids: { uid: number; gid: number };
  readonly env: readonly EnvPair[];
}

/** The `docker run` of the build container (pure but for looking at the host's CA file). */
export function buildContainerArgs(b: DockerBuild, ours: NodeJS.ProcessEnv = process.env): string[] {
  const env = [...b.env];
  if (ours.NODEJS_ORG_MIRROR && !env.some(([k]) => k === 'NODEJS_ORG_MIRROR'))
    env.unshift(['NODEJS_ORG_MIRROR', ours.NODEJS_ORG_MIRROR]);
  const mounts = ['-v', `${b.volume.root}:/mnt`, '-v', `${b.appDir}:/src:ro`];
  // Behind a TLS-intercepting proxy the registry is trusted through this file; the image must see it too.
  const ca = ours.NODE_EXTRA_CA_CERTS;
  if (ca && existsSync(ca)) {
    mounts.push('-v', `${ca}:/etc/modulus/extra-ca.pem:ro`);
    env.push(['NODE_EXTRA_CA_CERTS', '/etc/modulus/extra-ca.pem']);
  }
  return [
    'run',
    '--rm',
    '--name',
    b.container,
    '--network',
    'host',
    '--user',
    `${b.ids.uid}:${b.ids.gid}`,
    ...mounts,
    ...env.flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    b.image,
    'modulus',
    'build',
    '/src',
    '--volume',
    '/mnt',
  ];
}

function checkReadable(appDir: string, uid: number): void {
  try {
    accessSync(appDir, constants.R_OK | constants.X_OK);
  } catch {
    return; // reported by docker
  }
  const { mode, uid: owner } = statSync(appDir);
  if (owner !== uid && (mode & 0o005) !== 0o005)
    throw new ModulusError(
      'RUN_APP_DIR',
      `the image's mop user (uid ${uid}) cannot read ${appDir} (mode ${(mode & 0o777).toString(8)}), so the build container cannot either`,
      { hint: `Let others read it (chmod -R o+rX ${appDir}), or run without --docker.` },
    );
}

export async function buildInDocker(b: DockerBuild): Promise<void> {
  checkApart(b.appDir, b.volume.app);
  checkReadable(b.appDir, b.ids.uid);
  await runCommand('docker', ['rm', '-f', b.container]).catch(() => undefined);
  const result = await interruptible(async (signal) => {
    const onAbort = (): void => void runCommand('docker', ['kill', '--signal', 'INT', b.container]);
    signal.addEventListener('abort', onAbort, { once: true });
    const r = await runCommand('docker', buildContainerArgs(b), {
      onOutput: (chunk) => process.stderr.write(chunk),
    }).catch((cause: unknown) => {
      throw new ModulusError('DOCKER_UNAVAILABLE', `cannot run docker: ${(cause as Error).message}`, {
        cause,
      });
    });
    return { ...r, aborted: signal.aborted };
  });
  if (result.aborted)
    throw new ModulusError(
      'BUILD_INTERRUPTED',
      `interrupted during the build: stopped the build container ${b.container} and everything in it`,
      { hint: 'Nothing half-done is used: the next run does the unfinished steps again.' },
    );
  if (result.code !== 0)
    throw new ModulusError(
      'BUILD_STEP_FAILED',
      `the build in the container ${b.container} failed (status ${result.code})`,
      {
        hint: 'Fix what the build printed above, then run again.',
      },
    );
}
