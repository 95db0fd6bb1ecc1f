// `modulus run` without Docker: prepares the volume and the runtime dir, runs our supervisor as a
// foreground child, says where everything is once the app has settled, and shows the app's log
// until Ctrl-C, which stops the app gracefully.
import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { buildLocally } from './app-build.js';
import { chownTree } from './app-copy.js';
import { prepareVolume } from './app-volume.js';
import { rpcProbe } from './app-state.js';
import { holdForeground } from './foreground.js';
import { installPaths } from './install-paths.js';
import { hostIsolation, isolationWarning, type Isolation } from './isolation.js';
import {
  linkHostNode,
  localAppEnv,
  prepareRuntimeDir,
  renderLocalConfs,
  supervisorEnv,
  writeLocalConfs,
  type LocalConfs,
} from './local-runtime.js';
import { markLog, relayLog } from './log-relay.js';
import { blockedAt } from './path-access.js';
import { announce, checkStartable, runLog } from './run-announce.js';
import type { RunRequest } from './run-request.js';
import { endRun, saveRun } from './run-record.js';
import { volumePaths } from './volume-layout.js';
import { lastLinesOf, startSupervisor } from './supervisor-child.js';

/** With the app isolated, every file it is pointed at must be reachable by its user. */
function checkReachable(isolation: Isolation, paths: readonly string[]): void {
  if (!isolation.isolated) return;
  for (const path of paths) {
    const blocked = blockedAt(realpathSync(path), isolation.uid, isolation.gid);
    if (blocked)
      throw new ModulusError(
        'RUN_APP_DIR',
        `the app's user ${isolation.user} cannot reach ${path}: ${blocked} does not let it in`,
        {
          hint: `Put modulus, Node.js and the volume where ${isolation.user} can reach them (every directory above searchable), or pass --volume DIR.`,
        },
      );
  }
}

export async function run(req: RunRequest): Promise<number> {
  const ws = req.workspace;
  await checkStartable(req);
  const install = installPaths();
  const isolation = hostIsolation();
  const runtime = ws.runtime(req.name);
  prepareRuntimeDir(runtime);
  const nodeLink = linkHostNode(ws.preinstalledNode);
  checkReachable(isolation, [install.cli, install.startScript, join(nodeLink, 'bin', 'node')]);
  const confs: LocalConfs = {
    runtime,
    volume: volumePaths(resolve(req.volume)),
    install,
    preinstalledNode: ws.preinstalledNode,
    port: req.port,
    user: isolation.user,
    env: req.env,
  };
  const rendered = renderLocalConfs(confs);
  const volume = prepareVolume({
    volume: req.volume,
    ids: { uid: isolation.uid, gid: isolation.gid },
    log: runLog,
  });
  checkReachable(isolation, [volume.root]);
  await buildLocally({
    appDir: req.appDir,
    volume,
    cache: ws.buildCache(req.name),
    env: { ...process.env, ...Object.fromEntries(localAppEnv(confs)) },
  });
  if (isolation.isolated) chownTree(volume.app, isolation.uid, isolation.gid);
  writeLocalConfs(confs, rendered);

  const mark = markLog(volume.appLog);
  const child = await startSupervisor({
    cli: install.cli,
    config: runtime.config,
    output: runtime.output,
    env: supervisorEnv(),
  });
  saveRun(ws, {
    name: req.name,
    mode: 'local',
    volume: volume.root,
    runDir: runtime.dir,
    port: req.port,
    pid: process.pid,
  });
  const relay = relayLog(volume.appLog, mark, process.stdout);
  const { probe, close } = rpcProbe(runtime.socket);
  const watching = new AbortController();
  const announced = announce({
    probe,
    facts: {
      name: req.name,
      port: req.port,
      appLog: volume.appLog,
      notifications: volume.notifications,
      rerun: req.rerun,
      warning: isolationWarning(isolation),
    },
    signal: watching.signal,
    intervalMs: 1000,
  });
  return holdForeground({
    backend: {
      label: 'the supervisor',
      ended: child.exited,
      stop: async () => {
        child.terminate();
        await child.exited;
      },
      failureDetails: () => lastLinesOf([runtime.output, join(volume.log, 'supervisord.log')]),
    },
    log: runLog,
    onStopping: () => watching.abort(),
    cleanup: async () => {
      watching.abort();
      await announced;
      close();
      await relay.finish();
      endRun(ws, req.name, process.pid);
    },
  });
}
