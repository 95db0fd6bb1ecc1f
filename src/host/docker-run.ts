// `modulus run --docker`: the same volume, prepared on the host for the image's mop user, the app
// built into it in a container of the build image (build-node), then mounted at /mnt of a run-node
// container on the host's network; the app's log followed from the host, Ctrl-C stops the
// container (the supervisor inside stops the app gracefully) and removes it.
import { ModulusError } from '../errors/modulus-error.js';
import { runCommand } from '../os/run-command.js';
import { renderAppConf } from './app-conf.js';
import { dockerProbe } from './app-state.js';
import { buildInDocker } from './app-build.js';
import { prepareVolume } from './app-volume.js';
import { writeConfAtomically } from '../os/atomic-file.js';
import { holdForeground } from './foreground.js';
import { ensureBuildImage } from './build-image.js';
import { ensureImage } from './images.js';
import { markLog, relayLog } from './log-relay.js';
import { announce, checkStartable, runLog } from './run-announce.js';
import type { EnvPair } from './run-env.js';
import type { RunRequest } from './run-request.js';
import { endRun, saveRun } from './run-record.js';
import { lastLinesOf } from './supervisor-child.js';
import { APP_USER, DEFAULT_IDS } from './volume-layout.js';
import { join } from 'node:path';

export const containerName = (name: string): string => `modulus-${name}`;

/** `docker run` arguments (pure). */
export function dockerRunArgs(o: {
  container: string;
  volume: string;
  image: string;
  memory?: string;
}): string[] {
  return [
    'run',
    '-d',
    '--name',
    o.container,
    '--network',
    'host',
    '-v',
    `${o.volume}:/mnt`,
    ...(o.memory === undefined ? [] : ['--memory', o.memory]),
    o.image,
  ];
}

async function docker(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCommand('docker', args).catch((cause: unknown) => {
    throw new ModulusError('DOCKER_UNAVAILABLE', `cannot run docker: ${(cause as Error).message}`, { cause });
  });
}

/** Removes a stopped container left by an earlier run; refuses when one is still running. */
async function clearStale(container: string): Promise<void> {
  const state = await docker(['inspect', '--format', '{{.State.Running}}', container]);
  if (state.code !== 0) return; // no such container
  if (state.stdout.trim() === 'true')
    throw new ModulusError('RUN_ACTIVE', `the container ${container} is already running`, {
      hint: `Stop it (docker stop ${container}), or give this run another --name.`,
    });
  runLog(`removing the stopped container ${container} left by an earlier run`);
  await docker(['rm', container]);
}

export async function run(req: RunRequest): Promise<number> {
  if (process.getuid?.() !== 0)
    throw new ModulusError(
      'RUN_NEEDS_ROOT',
      `--docker needs root: the volume must belong to the image's ${APP_USER} user (uid ${DEFAULT_IDS.uid}, gid ${DEFAULT_IDS.gid})`,
      { hint: 'Run it with sudo, or run without --docker (on this host, not isolated).' },
    );
  await checkStartable(req);
  const container = containerName(req.name);
  const env: EnvPair[] = process.env.NODEJS_ORG_MIRROR
    ? [['NODEJS_ORG_MIRROR', process.env.NODEJS_ORG_MIRROR]]
    : [];
  const appConf = renderAppConf({
    mnt: '/mnt',
    command: 'start',
    env: [...env, ...req.env],
    port: req.port,
    user: APP_USER,
  });
  await ensureImage(req.image, { log: runLog });
  const buildImage = await ensureBuildImage(req.image, { log: runLog });
  const volume = prepareVolume({ volume: req.volume, ids: DEFAULT_IDS, log: runLog });
  runLog(`building the app in a container of ${buildImage}; it runs in ${req.image}`);
  await buildInDocker({
    appDir: req.appDir,
    volume,
    image: buildImage,
    container: `${container}-build`,
    ids: DEFAULT_IDS,
    env: req.env,
  });
  writeConfAtomically(volume.supervisorConf, appConf);
  await clearStale(container);
  const mark = markLog(volume.appLog);
  const args = dockerRunArgs({ container, volume: volume.root, image: req.image, memory: req.memory });
  const started = await docker(args);
  if (started.code !== 0)
    throw new ModulusError('RUN_DOCKER_FAILED', `docker ${args.join(' ')} failed: ${started.stderr.trim()}`);
  saveRun(req.workspace, {
    name: req.name,
    mode: 'docker',
    volume: volume.root,
    container,
    port: req.port,
    pid: process.pid,
  });
  const relay = relayLog(volume.appLog, mark, process.stdout);
  const watching = new AbortController();
  const announced = announce({
    probe: dockerProbe(container),
    facts: {
      name: req.name,
      port: req.port,
      appLog: volume.appLog,
      notifications: volume.notifications,
      rerun: req.rerun,
      container,
    },
    signal: watching.signal,
    intervalMs: 3000,
  });
  let removeAfter = false;
  return holdForeground({
    backend: {
      label: `the container ${container}`,
      ended: docker(['wait', container]).then((r) =>
        r.code === 0 ? `exited with status ${r.stdout.trim()}` : r.stderr.trim(),
      ),
      stop: async () => {
        removeAfter = true;
        await docker(['stop', '-t', '15', container]);
      },
      failureDetails: async () => {
        const logs = await docker(['logs', '--tail', '20', container]);
        const own = lastLinesOf([join(volume.log, 'supervisord.log')]);
        const text = `${logs.stdout}${logs.stderr}`.trimEnd();
        return [
          ...(text ? [`--- docker logs ${container} ---\n${text}`] : []),
          ...(own ? [own] : []),
          `(the container is kept for inspection; the next run removes it)`,
        ].join('\n');
      },
    },
    log: runLog,
    onStopping: () => watching.abort(),
    cleanup: async () => {
      watching.abort();
      await announced;
      await relay.finish();
      if (removeAfter) await docker(['rm', container]);
      endRun(req.workspace, req.name, process.pid);
    },
  });
}
