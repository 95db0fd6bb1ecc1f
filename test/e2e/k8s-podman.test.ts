// `modulus k8s` for real: the emitted pod runs under `podman kube play` (Debian's podman 4.3, set
// up by scripts/podman-for-tests.sh), with the app image `modulus images build-app` built in the
// Docker engine and handed over with `docker save | podman load`. helpers/podman.ts says what the
// test changes in the pod for podman 4.3, and why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docker, dockerSuite, get, PREFIX, REPO, MOP_GID, MOP_UID } from '../helpers/docker.js';
import { freePort } from '../helpers/free-port.js';
import { loadFromDocker, playable, podman, podmanOk, requirePodman } from '../helpers/podman.js';
import { runCli, scrubbedEnv } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { parseRecord, type NotificationRecord } from '../../src/notify/record.js';
import { LIVENESS_SCRIPT } from '../../src/k8s/pod-template.js';

const NAME = 'k8s-e2e';
const IMAGE = `${PREFIX}/app-${NAME}:latest`;
const CONTAINER = `${NAME}-app`;

function notificationLines(logs: string): NotificationRecord[] {
  return logs
    .split('\n')
    .filter((l) => l.startsWith('{"version":'))
    .flatMap((l) => parseRecord(l) ?? []);
}

test('the emitted pod runs under podman kube play the way the run images do', async (t) => {
  if (!requirePodman(t) || !(await dockerSuite(t))) return;
  const app = join(tempDir(t), NAME);
  cpSync(join(REPO, 'test/fixtures/e2e-app'), app, { recursive: true });
  const built = await runCli(['images', 'build-app', app, '--prefix', PREFIX], { env: scrubbedEnv() });
  assert.equal(built.code, 0, built.stdout + built.stderr);
  t.after(() => docker(['rmi', '-f', IMAGE]));
  await loadFromDocker(IMAGE);
  t.after(() => podman(['rmi', '-f', IMAGE]));

  const port = await freePort();
  const emitted = await runCli(
    [
      'k8s',
      app,
      '-p',
      String(port),
      '--image-prefix',
      PREFIX,
      '-e',
      'GREETING=hello, cluster',
      '-s',
      'API_TOKEN=s3cr3t "quoted" 100%',
      '--storage',
      '64Mi',
    ],
    { env: scrubbedEnv() },
  );
  assert.equal(emitted.code, 0, emitted.stderr);
  const play = playable(emitted.stdout);
  for (const s of play.secrets) {
    await podman(['secret', 'rm', s.name]);
    const file = join(tempDir(t), `${s.name}.json`);
    writeFileSync(file, s.json);
    await podmanOk(['secret', 'create', s.name, file]);
    t.after(() => podman(['secret', 'rm', s.name]));
  }
  assert.deepEqual(play.claims, [`app-storage-${NAME}-0`]);
  const playFile = join(tempDir(t), 'play.yaml');
  writeFileSync(playFile, play.yaml);
  await podman(['kube', 'down', playFile]);
  await podmanOk(['kube', 'play', playFile], undefined, 180_000);
  t.after(async () => {
    await podman(['kube', 'down', playFile]);
    for (const claim of play.claims) await podman(['volume', 'rm', '-f', claim]);
  });
  const logs = async (): Promise<string> => {
    const r = await podman(['logs', CONTAINER]);
    return r.stdout + r.stderr;
  };

  // The init containers prepared the volume and wrote supervisor.conf; the app answers on its port.
  const whoami = await waitFor(`the app on port ${port}`, () => get(port, '/whoami'), {
    timeoutMs: 90_000,
  }).catch(async (err: Error) => {
    throw new Error(`${err.message}\n--- podman logs ---\n${await logs()}`);
  });
  const me = JSON.parse(whoami) as { uid: number; gid: number; cwd: string };
  assert.equal(me.uid, MOP_UID);
  assert.equal(me.gid, MOP_GID);
  assert.equal(me.cwd, '/mnt/app');
  const env = JSON.parse((await get(port, '/env'))!) as Record<string, string>;
  assert.equal(env.GREETING, 'hello, cluster');
  assert.equal(env.API_TOKEN, 's3cr3t "quoted" 100%');
  assert.equal(env.PORT, String(port));
  assert.deepEqual(
    Object.keys(env).filter((k) => k.startsWith('MODULUS_APP_ENV_')),
    [],
  );

  const layout = await podmanOk([
    'exec',
    CONTAINER,
    'stat',
    '-c',
    '%n %U:%G %a',
    '/mnt',
    '/mnt/tmp',
    '/mnt/home',
    '/mnt/log',
    '/mnt/app',
    '/mnt/notifications',
    '/mnt/app-storage',
    '/mnt/supervisor.conf',
    '/run/modulus',
  ]);
  assert.equal(
    layout,
    [
      '/mnt root:mop 755',
      '/mnt/tmp mop:mop 700',
      '/mnt/home mop:mop 700',
      '/mnt/log root:mop 750',
      '/mnt/app mop:mop 755',
      '/mnt/notifications root:mop 750',
      '/mnt/app-storage mop:mop 755',
      '/mnt/supervisor.conf root:mop 640',
      '/run/modulus root:root 700',
      '',
    ].join('\n'),
  );

  // Read-only root filesystem, for root too; the app writes only into the volume.
  const touch = await podman(['exec', CONTAINER, 'touch', '/etc/modulus-probe']);
  assert.notEqual(touch.code, 0);
  assert.match(touch.stderr, /Read-only file system/);
  assert.deepEqual(JSON.parse((await get(port, '/write?path=/opt/modulus/app/x'))!), {
    '/opt/modulus/app/x': 'EROFS',
  });
  assert.deepEqual(JSON.parse((await get(port, '/write?path=/mnt/app/x'))!), { '/mnt/app/x': 'written' });
  // The claim (a podman volume here) is the app's persistent storage, also at /app-storage.
  assert.deepEqual(JSON.parse((await get(port, '/write?path=/app-storage/kept'))!), {
    '/app-storage/kept': 'written',
  });
  const mounts = await podmanOk(['exec', CONTAINER, 'cat', '/proc/self/mountinfo']);
  assert.match(mounts, / \/mnt\/app-storage /);
  const caps = await podmanOk(['exec', CONTAINER, 'grep', '^CapEff', '/proc/1/status']);
  assert.match(caps, /CapEff:\s+00000000000000e0/, 'KILL, SETGID and SETUID only');

  // The liveness probe passes while the supervisor answers.
  assert.equal((await podman(['exec', CONTAINER, '/bin/sh', '-c', LIVENESS_SCRIPT])).code, 0);

  // A crash is a notification file and one JSON line in the container's log.
  const pid = (await podmanOk(['exec', CONTAINER, 'supervisorctl', 'pid', 'app'])).trim();
  await podmanOk(['exec', CONTAINER, '/bin/sh', '-c', `kill -KILL ${pid}`]);
  const crash = await waitFor('the crash line in podman logs', async () =>
    notificationLines(await logs()).find((r) => r.type === 'crash' && r.program === 'app'),
  );
  assert.equal(crash.exit.signal, 'SIGKILL');
  assert.equal(crash.pid, Number(pid));
  const files = await podmanOk(['exec', CONTAINER, 'ls', '/mnt/notifications']);
  assert.match(files, /\.crash\.json$/m);
  await waitFor('the app back', () => get(port, '/whoami'), { timeoutMs: 30_000 });

  // A graceful stop within the grace period: SIGTERM, the app stopped, the supervisor exits 0.
  // (podman 4.3's `kube down` stops with a timeout of 0, i.e. SIGKILL at once; `pod stop -t`
  // does what the kubelet does: SIGTERM, then terminationGracePeriodSeconds.)
  const started = Date.now();
  await podmanOk(['pod', 'stop', '-t', String(play.graceSeconds), play.podName], undefined, 60_000);
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds < play.graceSeconds, `stopped in ${seconds} s, grace ${play.graceSeconds} s`);
  const state = await podmanOk(['inspect', '--format', '{{.State.ExitCode}}', CONTAINER]);
  assert.equal(state.trim(), '0');
  const last = await logs();
  assert.match(last, /received SIGTERM/);
  assert.match(last, /stopped: app \(exit status 0\)/);
  await podmanOk(['kube', 'down', playFile]);
});
