// run-node's `start` in a container: each way of finding the entry, the image's preinstalled
// Node.js for an app that names none (no network needed), and a version named by engines,
// downloaded from the mirror, checked, and cached in the volume.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_VERSIONS } from '../fixtures/mirror/build-mirror.js';
import {
  dockerOk,
  dockerSuite,
  get,
  makeVolume,
  nodeMirror,
  REPO,
  RUN_NODE,
  runContainer,
  waitForApp,
} from '../helpers/docker.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/wait-for.js';

const NEWEST_LTS = FIXTURE_VERSIONS[0]!.version;
const OLDER = FIXTURE_VERSIONS[1]!.version; // v20.x

/** A copy of the e2e app with package.json (and files) changed. */
function variant(t: TestContext, change: (dir: string, pkg: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'modulus-e2e-app-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(REPO, 'test/fixtures/e2e-app'), dir, { recursive: true });
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  change(dir, pkg);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  return dir;
}

async function whoami(t: TestContext, app: string, config: string[] = []) {
  const port = await freePort();
  const volume = await makeVolume(t, { app, config: ['--port', String(port), ...config] });
  const c = await runContainer(t, RUN_NODE, volume);
  await waitForApp(c, port);
  const who = JSON.parse((await get(port, '/whoami')) ?? '{}') as {
    version: string;
    execPath: string;
    pid: number;
    cwd: string;
  };
  return { who, volume, c, port, log: () => readFileSync(join(volume, 'log', 'app.log'), 'utf8') };
}

test("package.json main, no version named: the image's preinstalled LTS, with no mirror reachable", async (t) => {
  if (!(await dockerSuite(t))) return;
  const { who, log } = await whoami(t, join(REPO, 'test/fixtures/e2e-app'), [
    '--env',
    'NODEJS_ORG_MIRROR=http://127.0.0.1:9/',
  ]);
  assert.equal(who.version, NEWEST_LTS);
  assert.equal(who.execPath, `/opt/modulus/node/${NEWEST_LTS}/bin/node`);
  assert.match(log(), /entry: server\.js \(package\.json main\)/);
  assert.equal(who.pid > 0, true);
});

test('no main: the first default file (index.js) is the entry', async (t) => {
  if (!(await dockerSuite(t))) return;
  const app = variant(t, (dir, pkg) => {
    delete pkg.main;
    renameSync(join(dir, 'server.js'), join(dir, 'index.js'));
  });
  const { who, log } = await whoami(t, app);
  assert.equal(who.version, NEWEST_LTS);
  assert.match(log(), /entry: index\.js/);
});

test('engines.node 20.x: that version comes from the mirror, checked, cached in the volume, reused', async (t) => {
  if (!(await dockerSuite(t))) return;
  const app = variant(t, (_dir, pkg) => {
    pkg.engines = { node: '20.x' };
  });
  const mirror = await nodeMirror();
  const { who, volume, c, port, log } = await whoami(t, app, ['--env', `NODEJS_ORG_MIRROR=${mirror}`]);
  assert.equal(who.version, OLDER);
  assert.equal(who.execPath, `/mnt/home/.modulus/node/${OLDER}/bin/node`);
  assert.match(log(), /verified node-v20\.18\.1-linux-x64\.tar\.gz against SHASUMS256\.txt/);
  // The second start uses the cache: no download.
  await dockerOk(['restart', '-t', '20', c.name], 60_000);
  await waitForApp(c, port);
  assert.match(
    readFileSync(join(volume, 'log', 'app.log'), 'utf8'),
    new RegExp(`using Node\\.js ${OLDER.replace(/\./g, '\\.')} from the cache`),
  );
});

test('scripts.start (the Express example, dependencies installed from the npm registry) with engines 20.x', async (t) => {
  if (!(await dockerSuite(t))) return;
  const app = mkdtempSync(join(tmpdir(), 'modulus-e2e-express-'));
  t.after(() => rmSync(app, { recursive: true, force: true }));
  cpSync(join(REPO, 'examples/express-app'), app, {
    recursive: true,
    filter: (src) => !src.includes('node_modules'),
  });
  execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], { cwd: app, stdio: 'pipe' });
  const mirror = await nodeMirror();
  const port = await freePort();
  const volume = await makeVolume(t, {
    app,
    config: ['--port', String(port), '--env', `NODEJS_ORG_MIRROR=${mirror}`],
  });
  const c = await runContainer(t, RUN_NODE, volume);
  const body = JSON.parse(await waitForApp(c, port)) as Record<string, unknown>;
  assert.equal(
    JSON.stringify(body).includes(OLDER),
    true,
    `the app reports ${OLDER}: ${JSON.stringify(body)}`,
  );
  assert.match(readFileSync(join(volume, 'log', 'app.log'), 'utf8'), /npm start|scripts\.start/);
});

test('the shallowest package.json is the app: a project in a subfolder runs from there', async (t) => {
  if (!(await dockerSuite(t))) return;
  const app = mkdtempSync(join(tmpdir(), 'modulus-e2e-nested-'));
  t.after(() => rmSync(app, { recursive: true, force: true }));
  cpSync(join(REPO, 'test/fixtures/e2e-app'), join(app, 'site'), { recursive: true });
  const { who } = await whoami(t, app);
  assert.equal(who.cwd, '/mnt/app/site');
});

test('nothing to start: the reason is in app.log and the program ends FATAL, with a notification', async (t) => {
  if (!(await dockerSuite(t))) return;
  const app = mkdtempSync(join(tmpdir(), 'modulus-e2e-empty-'));
  t.after(() => rmSync(app, { recursive: true, force: true }));
  writeFileSync(join(app, 'package.json'), '{ "name": "empty" }\n');
  const volume = await makeVolume(t, { app });
  const c = await runContainer(t, RUN_NODE, volume);
  await waitFor(
    'app FATAL',
    async () => /^app\s+FATAL/m.test((await c.exec(['supervisorctl', 'status', 'app'])).stdout),
    {
      timeoutMs: 60_000,
    },
  );
  const log = readFileSync(join(volume, 'log', 'app.log'), 'utf8');
  assert.match(log, /nothing to start in \/mnt\/app: looked for/);
  await waitFor('a fatal notification', () =>
    readdirSync(join(volume, 'notifications')).find((n) => n.endsWith('.fatal.json')),
  );
});
