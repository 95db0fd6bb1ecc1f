// The images themselves, in a real Docker engine: the mop user, what it may write, the environment,
// the commands on PATH, /app-storage, run-base's refusing `start`, labels and healthcheck, and the
// build image: a compiler and headers in build-node, none in run-node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_VERSIONS } from '../fixtures/mirror/build-mirror.js';
import { freePort } from '../helpers/free-port.js';
import {
  BUILD_NODE,
  docker,
  dockerOk,
  dockerSuite,
  makeVolume,
  MOP_GID,
  MOP_UID,
  PREFIX,
  REPO,
  RUN_BASE,
  RUN_NODE,
  runContainer,
  waitForApp,
  waitForRunning,
} from '../helpers/docker.js';

const APP = join(REPO, 'test/fixtures/e2e-app');
const NEWEST_LTS = FIXTURE_VERSIONS[0]!.version;

/** Runs a one-off command in the image as mop with a proper volume at /mnt. */
async function asMop(volume: string, image: string, script: string) {
  return docker([
    'run',
    '--rm',
    '--network',
    'none',
    '--user',
    'mop',
    '-v',
    `${volume}:/mnt`,
    image,
    'sh',
    '-c',
    script,
  ]);
}

test('mop is uid 441 in group mop (gid 444) with its home in the volume', async (t) => {
  if (!(await dockerSuite(t))) return;
  const volume = await makeVolume(t, { app: APP });
  for (const image of [RUN_BASE, RUN_NODE]) {
    const r = await asMop(volume, image, 'id; getent passwd mop');
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`^uid=${MOP_UID}\\(mop\\) gid=${MOP_GID}\\(mop\\) groups=${MOP_GID}\\(mop\\)$`, 'm'),
    );
    assert.match(r.stdout, new RegExp(`^mop:x:${MOP_UID}:${MOP_GID}:[^:]*:/mnt/home:`, 'm'));
  }
});

test('the environment points HOME and the temp dirs into the volume', async (t) => {
  if (!(await dockerSuite(t))) return;
  const volume = await makeVolume(t, { app: APP });
  const r = await asMop(volume, RUN_NODE, 'echo "$HOME|$TEMP_DIR|$TMPDIR|$TMP_DIR"');
  assert.equal(r.stdout.trim(), '/mnt/home|/mnt/tmp|/mnt/tmp|/mnt/tmp');
});

test('nothing outside /mnt is writable by mop, not even /tmp', async (t) => {
  if (!(await dockerSuite(t))) return;
  const volume = await makeVolume(t, { app: APP });
  for (const image of [RUN_BASE, RUN_NODE, BUILD_NODE]) {
    // -xdev stays on the image's own filesystem (/proc, /sys, /dev and /mnt are other mounts);
    // symlinks are skipped because their own mode means nothing (/app-storage is checked below).
    const r = await asMop(volume, image, 'find / -xdev -writable ! -type l 2>/dev/null; echo end');
    assert.equal(r.stdout, 'end\n', `${image}: mop can write:\n${r.stdout}`);
    const tmp = await asMop(
      volume,
      image,
      'touch /tmp/x 2>&1; touch /var/tmp/x 2>&1; touch /mnt/tmp/x && echo tmp-ok',
    );
    assert.match(tmp.stdout, /\/tmp\/x.*Permission denied/);
    assert.match(tmp.stdout, /\/var\/tmp\/x.*Permission denied/);
    assert.match(tmp.stdout, /tmp-ok/);
  }
});

test('/app-storage is the volume app-storage folder', async (t) => {
  if (!(await dockerSuite(t))) return;
  const volume = await makeVolume(t, { app: APP });
  const r = await asMop(volume, RUN_NODE, 'readlink /app-storage && echo kept > /app-storage/note');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '/mnt/app-storage');
  assert.equal(readFileSync(join(volume, 'app-storage/note'), 'utf8'), 'kept\n');
});

test('supervisord, supervisorctl, start, /sbin/my_init, pidproxy and echo_supervisord_conf are on PATH in both images', async (t) => {
  if (!(await dockerSuite(t))) return;
  for (const image of [RUN_BASE, RUN_NODE]) {
    const r = await docker([
      'run',
      '--rm',
      '--network',
      'none',
      image,
      'sh',
      '-c',
      'for c in supervisord supervisorctl start /sbin/my_init pidproxy echo_supervisord_conf; do command -v $c; done; ' +
        'supervisord --version; echo_supervisord_conf | head -1; pidproxy; echo "pidproxy: $?"',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, 8), [
      '/usr/local/bin/supervisord',
      '/usr/local/bin/supervisorctl',
      '/usr/local/bin/start',
      '/sbin/my_init',
      '/usr/local/bin/pidproxy',
      '/usr/local/bin/echo_supervisord_conf',
      '4.2.5',
      '; supervisord configuration (printed by echo_supervisord_conf).',
    ]);
    assert.equal(lines.at(-1), 'pidproxy: 1', 'pidproxy without arguments prints its usage and exits 1');
  }
});

test("run-base's start says it runs no app by itself; run-node's runs one", async (t) => {
  if (!(await dockerSuite(t))) return;
  const r = await docker(['run', '--rm', '--network', 'none', RUN_BASE, 'start']);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /not meant to run an app directly/);
  assert.match(r.stderr, /run-node/);
});

test('the images carry OCI labels, tini as PID 1, my_init as the command, and a healthcheck', async (t) => {
  if (!(await dockerSuite(t))) return;
  for (const image of [RUN_BASE, RUN_NODE, BUILD_NODE]) {
    const config = JSON.parse(await dockerOk(['image', 'inspect', '--format', '{{json .Config}}', image]));
    assert.equal(config.Labels['org.opencontainers.image.title'], image.replace(`${PREFIX}/`, 'modulus/'));
    assert.equal(config.Labels['org.opencontainers.image.licenses'], 'Apache-2.0');
    assert.ok(config.Labels['org.opencontainers.image.version']);
    assert.deepEqual(config.Entrypoint, ['/usr/bin/tini', '--']);
    assert.deepEqual(config.Cmd, ['/sbin/my_init']);
    assert.deepEqual(config.Healthcheck.Test, ['CMD', '/usr/local/lib/modulus/healthcheck']);
    assert.ok(!config.User, 'the supervisor starts as root, the app runs as mop');
  }
});

test("the supervisor's Node.js is its own, apart from the app's preinstalled LTS", async (t) => {
  if (!(await dockerSuite(t))) return;
  const runtime = await dockerOk([
    'run',
    '--rm',
    '--network',
    'none',
    RUN_NODE,
    'ls',
    '/opt/modulus/runtime/bin',
  ]);
  assert.equal(runtime, 'node\n', 'the runtime is node alone (no npm)');
  const preinstalled = await dockerOk([
    'run',
    '--rm',
    '--network',
    'none',
    RUN_NODE,
    'ls',
    '/opt/modulus/node',
  ]);
  assert.equal(preinstalled, `${NEWEST_LTS}\n`, "the mirror's newest LTS is preinstalled");
  const base = await docker(['run', '--rm', '--network', 'none', RUN_BASE, 'ls', '/opt/modulus/node']);
  assert.notEqual(base.code, 0, 'run-base ships no app Node.js');
});

test('an image FROM run-base with its own start and CMD ["/sbin/my_init"] runs its app, as the seed describes', async (t) => {
  if (!(await dockerSuite(t))) return;
  const context = mkdtempSync(join(tmpdir(), 'modulus-e2e-inherit-'));
  t.after(() => rmSync(context, { recursive: true, force: true }));
  // A stand-in for run-php, run-static …: a `start` that serves /mnt/app on $PORT.
  writeFileSync(
    join(context, 'start'),
    '#!/bin/sh\ncd /mnt/app && exec /opt/modulus/runtime/bin/node -e \'require("http").createServer((q, s) => s.end(require("fs").readFileSync("index.txt"))).listen(process.env.PORT, "127.0.0.1")\'\n',
    { mode: 0o755 },
  );
  writeFileSync(
    join(context, 'Dockerfile'),
    `FROM ${RUN_BASE}\n# Customizations\nCOPY start /usr/local/bin/start\nCMD ["/sbin/my_init"]\n`,
  );
  const tag = `${PREFIX}/run-inherited`;
  t.after(() => docker(['rmi', '-f', tag]));
  await dockerOk(['build', '--network', 'host', '-t', tag, context], 300_000);
  const app = mkdtempSync(join(tmpdir(), 'modulus-e2e-static-'));
  t.after(() => rmSync(app, { recursive: true, force: true }));
  writeFileSync(join(app, 'index.txt'), 'served by an inheriting image\n');
  const port = await freePort();
  const volume = await makeVolume(t, { app, config: ['--port', String(port)] });
  const c = await runContainer(t, tag, volume);
  assert.equal(await waitForApp(c, port), 'served by an inheriting image\n');
  await waitForRunning(c);
  const status = await c.exec(['supervisorctl', 'status']);
  assert.match(status.stdout, /^app\s+RUNNING/m);
  assert.doesNotMatch(status.stdout, /^notify\s/m, 'the notifier runs inside the supervisor');
});

test("build-node compiles, with the headers of run-node's Node.js, labelled with its id; run-node has no compiler", async (t) => {
  if (!(await dockerSuite(t))) return;
  const check = (image: string) =>
    dockerOk([
      'run',
      '--rm',
      '--network',
      'none',
      image,
      'sh',
      '-c',
      `for c in python3 make g++; do command -v $c || echo "no $c"; done; ls /opt/modulus/node/${NEWEST_LTS}/include/node/node.h 2>&1 || true`,
    ]);
  assert.match(await check(RUN_NODE), /^no python3\nno make\nno g\+\+\n.*No such file/s);
  assert.equal(
    await check(BUILD_NODE),
    `/usr/bin/python3\n/usr/bin/make\n/usr/bin/g++\n/opt/modulus/node/${NEWEST_LTS}/include/node/node.h\n`,
  );
  const labels = async (image: string) =>
    JSON.parse(await dockerOk(['image', 'inspect', '--format', '{{json .Config.Labels}}', image]));
  const runId = (await dockerOk(['image', 'inspect', '--format', '{{.Id}}', RUN_NODE])).trim();
  const build = await labels(BUILD_NODE);
  assert.equal(build['io.modulus.run-image'], runId, 'built FROM the current run-node');
  assert.equal(build['io.modulus.bundle-sha256'], (await labels(RUN_NODE))['io.modulus.bundle-sha256']);
});
