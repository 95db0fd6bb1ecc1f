// `modulus start` through the image's sh wrapper, against fixture apps and a loopback mirror:
// the node that runs, the entry chosen, that SIGTERM to the supervisor's pid reaches the app, exit status.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { buildMirror } from '../../fixtures/mirror/build-mirror.js';
import { preinstalledDir } from '../../fixtures/mirror/image-dir.js';
import { serveMirror, type ServedMirror } from '../../fixtures/mirror/serve-mirror.js';
import { runApp, startApp, volumeWithApp } from '../../fixtures/apps/harness.js';

let mirror: ServedMirror;
let image: { dir: string; remove: () => void };
let env: (extra?: NodeJS.ProcessEnv) => NodeJS.ProcessEnv;

before(async () => {
  const root = buildMirror();
  mirror = await serveMirror(root);
  image = preinstalledDir(root);
  // Most tests use the versions "the image ships"; the download tests point elsewhere.
  env = (extra = {}) => ({
    NODEJS_ORG_MIRROR: mirror.url('good'),
    MODULUS_NODE_PREINSTALLED_DIR: image.dir,
    ...extra,
  });
});
after(async () => {
  await mirror?.close();
  image?.remove();
});

const NO_IMAGE = '/nonexistent/modulus-image-node';

test('main file: downloads the version engines.node asks for, then starts from the cache with no download', async (t) => {
  const mnt = volumeWithApp(t, 'main-field');
  const first = startApp(
    t,
    mnt,
    env({ MODULUS_NODE_PREINSTALLED_DIR: NO_IMAGE, EXEC_ARGS: '--max-old-space-size=64' }),
  );
  const probe = await first.probe();
  assert.equal(probe.version, 'v22.23.5');
  assert.equal(probe.entry, 'lib/start.js');
  assert.deepEqual(probe.execArgv, ['--max-old-space-size=64']);
  assert.equal(probe.pid, first.child.pid, 'the app replaced the start process');
  assert.match(first.stdout(), /downloading .*node-v22\.23\.5-linux-x64\.tar\.gz/);
  assert.match(first.stdout(), /verified node-v22\.23\.5-linux-x64\.tar\.gz against SHASUMS256\.txt/);
  first.child.kill('SIGTERM');
  assert.deepEqual(await first.exited, { code: 42, signal: null });
  assert.match(first.stdout(), /probe: got SIGTERM/);

  const before = mirror.requests.length;
  const second = startApp(
    t,
    mnt,
    env({ MODULUS_NODE_PREINSTALLED_DIR: NO_IMAGE, NODEJS_ORG_MIRROR: mirror.url('good') }),
  );
  assert.equal((await second.probe()).version, 'v22.23.5');
  assert.match(second.stdout(), /same as the last start/);
  assert.deepEqual(mirror.requests.slice(before), [], 'no network on a restart with the same inputs');
  second.child.kill('SIGTERM');
  assert.equal((await second.exited).code, 42);
});

test('MODULUS_CONFIG_ENGINES_NODE wins over package.json; an end-of-life line is warned about', async (t) => {
  const s = startApp(t, volumeWithApp(t, 'main-field'), env({ MODULUS_CONFIG_ENGINES_NODE: '20' }));
  const probe = await s.probe();
  assert.equal(probe.version, 'v20.18.1');
  assert.match(s.stdout(), /Node\.js v20\.18\.1 \("20" from MODULUS_CONFIG_ENGINES_NODE\)/);
  assert.match(s.stdout(), /using Node\.js v20\.18\.1 from the image/);
  if (Date.now() > Date.parse('2026-04-30'))
    assert.match(s.stdout(), /warning: Node\.js 20 reached end of life/);
  s.child.kill('SIGTERM');
  assert.equal((await s.exited).code, 42);
});

test('a prerelease-tagged engines range (as real packages write it) runs the release it allows', async (t) => {
  const s = startApp(
    t,
    volumeWithApp(t, 'main-field'),
    env({ MODULUS_CONFIG_ENGINES_NODE: '>=20.0.0-0 <21.0.0-0' }),
  );
  assert.equal((await s.probe()).version, 'v20.18.1');
  s.child.kill('SIGTERM');
  assert.equal((await s.exited).code, 42);
});

test('npm start with a simple script: exec’d, SIGTERM reaches node, npm environment set', async (t) => {
  const s = startApp(t, volumeWithApp(t, 'npm-start'), env());
  const probe = await s.probe();
  assert.equal(probe.version, 'v20.18.1'); // .nvmrc: lts/iron
  assert.equal(probe.entry, 'server.js');
  assert.equal(probe.pid, s.child.pid, 'no shell or npm left between the supervisor and node');
  assert.equal(probe.npmPackageName, 'npm-start-app');
  assert.equal(probe.firstPath, join(image.dir, 'v20.18.1', 'bin'));
  s.child.kill('SIGTERM');
  assert.deepEqual(await s.exited, { code: 42, signal: null });
});

test('npm start with a compound script: the wrapper forwards SIGTERM to the app and mirrors its exit', async (t) => {
  const s = startApp(t, volumeWithApp(t, 'npm-start-compound'), env());
  const probe = await s.probe();
  assert.equal(probe.version, 'v22.23.5'); // .node-version: 22
  assert.notEqual(probe.pid, s.child.pid);
  assert.match(s.stdout(), /compiling/);
  s.child.kill('SIGTERM');
  assert.deepEqual(await s.exited, { code: 42, signal: null });
  assert.match(s.stdout(), /probe: got SIGTERM/);
});

test('a compound script killed by a signal makes the wrapper die of the same signal', async (t) => {
  const mnt = volumeWithApp(t, 'npm-start-compound');
  const s = startApp(t, mnt, env());
  const probe = await s.probe();
  process.kill(probe.pid, 'SIGKILL');
  assert.deepEqual(await s.exited, { code: null, signal: 'SIGKILL' });
});

test('main names a missing file: warning, then server.js; version from app.json', async (t) => {
  const s = startApp(t, volumeWithApp(t, 'missing-main'), env());
  const probe = await s.probe();
  assert.equal(probe.entry, 'server.js');
  assert.equal(probe.version, 'v20.18.1');
  assert.match(s.stdout(), /warning: package\.json names main "gone\.js"/);
  assert.match(s.stdout(), /app\.json engines\.node/);
  s.child.kill('SIGTERM');
  await s.exited;
});

test('no package.json: warning, app.js, the newest Node.js the image ships', async (t) => {
  const s = startApp(t, volumeWithApp(t, 'no-package'), env());
  const probe = await s.probe();
  assert.equal(probe.entry, 'app.js');
  assert.equal(probe.version, 'v22.23.5');
  assert.match(s.stdout(), /warning: no package\.json under/);
  assert.match(s.stdout(), /Node\.js v22\.23\.5 \(no version requested: the image's preinstalled Node\.js\)/);
  s.child.kill('SIGTERM');
  await s.exited;
});

test('no version requested: the preinstalled Node.js runs with the mirror unreachable', async (t) => {
  // The image dir holds one version, a link to this machine's Node.js prefix under a made-up name.
  const dir = tempDir(t, 'modulus-image-host-');
  symlinkSync(dirname(dirname(process.execPath)), join(dir, 'v20.99.0'));
  const s = startApp(
    t,
    volumeWithApp(t, 'no-package'),
    env({ MODULUS_NODE_PREINSTALLED_DIR: dir, NODEJS_ORG_MIRROR: 'http://127.0.0.1:9/' }),
  );
  const probe = await s.probe();
  assert.equal(probe.version, process.version);
  assert.equal(probe.firstPath, join(dir, 'v20.99.0', 'bin'));
  assert.match(s.stdout(), /Node\.js v20\.99\.0 \(no version requested: the image's preinstalled Node\.js\)/);
  assert.match(s.stdout(), /using Node\.js v20\.99\.0 from the image/);
  assert.doesNotMatch(s.stdout() + s.stderr(), /index\.json|downloading/);
  s.child.kill('SIGTERM');
  assert.equal((await s.exited).code, 42);
});

test('the shallowest package.json sets the working directory', async (t) => {
  const mnt = volumeWithApp(t, 'nested');
  const s = startApp(t, mnt, env());
  const probe = await s.probe();
  assert.equal(probe.cwd, join(mnt, 'app', 'site'));
  assert.equal(probe.entry, 'index.js');
  s.child.kill('SIGTERM');
  await s.exited;
});

test('the exit status is the app’s', async (t) => {
  for (const app of ['main-field', 'npm-start', 'npm-start-compound']) {
    const r = await runApp(t, volumeWithApp(t, app), env({ PROBE_EXIT: '7' }));
    assert.equal(r.code, 7, `${app}: ${r.stderr}`);
  }
});

test('paths and scripts with spaces and quotes survive the plan', async (t) => {
  const mnt = volumeWithApp(t, 'npm-start');
  writeFileSync(join(mnt, 'app', "it's a server.js"), "import('./probe.mjs');");
  writeFileSync(
    join(mnt, 'app', 'package.json'),
    JSON.stringify({ name: 'q', scripts: { start: `node "it's a server.js"` } }),
  );
  const r = startApp(t, mnt, env());
  assert.equal((await r.probe()).entry, "it's a server.js");
  r.child.kill('SIGTERM');
  await r.exited;
});
