// Native modules, built from source by node-gyp with no download (no prebuilt binary is reachable
// here, nor nodejs.org's headers): under --docker in the build image (build-node) for the run
// image's Node.js, the app then running on run-node, which has no compiler; the same in an app
// image (images build-app); locally with the host's Node.js and its headers. A second run installs
// nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_VERSIONS } from '../fixtures/mirror/build-mirror.js';
import { BUILD_NODE, docker, dockerOk, dockerSuite, PREFIX, RUN_NODE } from '../helpers/docker.js';
import { runCli, scrubbedEnv } from '../helpers/run-cli.js';
import { sqliteApp } from '../helpers/npm-apps.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startRun } from '../integration/host/run-harness.js';

/** What npm needs from our environment to reach the registry here (its config, a proxy's CA). */
const NPM_ENV = { HOME: process.env.HOME, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS };
const IMAGE_NODE = FIXTURE_VERSIONS[0]!.version;

/** NODE_MODULE_VERSION of run-node's preinstalled Node.js, the ABI a native module must be built for. */
async function imageModuleVersion(): Promise<string> {
  const out = await dockerOk([
    'run',
    '--rm',
    '--network',
    'none',
    RUN_NODE,
    `/opt/modulus/node/${IMAGE_NODE}/bin/node`,
    '-p',
    'process.versions.modules',
  ]);
  return out.trim();
}

const RELEASE_BINARY = join(
  'app',
  'node_modules',
  'better-sqlite3',
  'build',
  'Release',
  'better_sqlite3.node',
);

interface Answer {
  starts: number;
  node: string;
  modules: string;
  sqlite: string;
}

test('better-sqlite3 under --docker: compiled in build-node for the image Node.js, run on run-node, cached', async (t) => {
  if (!(await dockerSuite(t))) return;
  const name = `e2e-${randomBytes(3).toString('hex')}`;
  const container = `modulus-${name}`;
  t.after(() => docker(['rm', '-f', container, `${container}-build`]));
  const root = tempDir(t, 'modulus-e2e-native-');
  chmodSync(root, 0o755); // the build container's mop reads the app
  const app = sqliteApp(join(root, 'sqlite-app'));
  const cwd = join(root, 'here');
  mkdirSync(cwd);
  const args = ['--docker', '--image', RUN_NODE, '--name', name];

  const first = await startRun(t, app, args, { cwd, env: NPM_ENV });
  const answer = JSON.parse(await first.get('/', 420_000)) as Answer;
  assert.equal(answer.starts, 1);
  assert.equal(answer.node, IMAGE_NODE, "the app runs on the image's preinstalled Node.js");
  assert.equal(
    answer.modules,
    await imageModuleVersion(),
    "the module's NODE_MODULE_VERSION is the image Node's",
  );
  assert.match(answer.sqlite, /^3\.\d+/);
  const log = first.stderr();
  assert.match(log, new RegExp(`building the app in a container of ${BUILD_NODE}; it runs in ${RUN_NODE}`));
  assert.match(log, /gyp info ok/, 'node-gyp built it from source');
  assert.doesNotMatch(
    log,
    /gyp (http|info) GET|Downloading/,
    'with the headers in the image, nothing downloaded',
  );
  assert.ok(existsSync(join(first.volume, RELEASE_BINARY)));
  const inspect = JSON.parse((await docker(['inspect', container])).stdout)[0];
  assert.equal(inspect.Config.Image, RUN_NODE, 'the app runs on run-node');
  const compiler = await docker(['exec', container, 'sh', '-c', 'command -v g++ make python3; echo end']);
  assert.equal(compiler.stdout, 'end\n', 'run-node has no compiler');
  assert.equal(await first.stop('SIGINT'), 0);

  const second = await startRun(t, app, args, { cwd, env: NPM_ENV });
  const again = JSON.parse(await second.get('/', 120_000)) as Answer;
  assert.equal(again.starts, 2, 'the database in app-storage is kept');
  assert.match(second.stderr(), /install: up to date .* nothing installed/);
  assert.doesNotMatch(second.stderr(), /gyp info/, 'nothing compiled again');
  assert.equal(await second.stop('SIGINT'), 0);
});

test('better-sqlite3 locally: compiled once for the host Node.js with its headers, then cached', async (t) => {
  const root = tempDir(t, 'modulus-e2e-native-');
  const app = sqliteApp(join(root, 'sqlite-app'));
  const cwd = join(root, 'here');
  mkdirSync(cwd);
  const first = await startRun(t, app, ['--name', 'sqlite'], { cwd, env: NPM_ENV });
  const answer = JSON.parse(await first.get('/', 420_000)) as Answer;
  assert.equal(answer.starts, 1);
  assert.equal(answer.node, process.version);
  assert.equal(answer.modules, process.versions.modules);
  assert.match(first.stderr(), /gyp info ok/);
  assert.equal(await first.stop('SIGINT'), 0);

  const second = await startRun(t, app, ['--name', 'sqlite'], { cwd, env: NPM_ENV });
  const again = JSON.parse(await second.get('/', 60_000)) as Answer;
  assert.equal(again.starts, 2);
  assert.match(second.stderr(), /install: up to date .* nothing installed/);
  assert.doesNotMatch(second.stderr(), /gyp info/);
  assert.equal(await second.stop('SIGINT'), 0);
});

test('better-sqlite3 in an app image: built in build-node, loads in the image FROM run-node', async (t) => {
  if (!(await dockerSuite(t))) return;
  const root = tempDir(t, 'modulus-e2e-native-');
  const app = sqliteApp(join(root, 'sqlite-app'));
  const tag = `${PREFIX}/app-native-e2e:${randomBytes(3).toString('hex')}`;
  t.after(() => docker(['rmi', '-f', tag]));
  const built = await runCli(['images', 'build-app', app, '--prefix', PREFIX, '--tag', tag], {
    env: scrubbedEnv(NPM_ENV),
    timeoutMs: 420_000,
  });
  assert.equal(built.code, 0, built.stdout + built.stderr);
  assert.match(built.stdout, new RegExp(`built in ${BUILD_NODE}, FROM ${RUN_NODE}`));
  const script =
    "const D = require('/opt/modulus/app/node_modules/better-sqlite3'); " +
    "console.log(new D(':memory:').prepare('SELECT 6 * 7 AS n').get().n, process.versions.modules)";
  const out = await dockerOk([
    'run',
    '--rm',
    '--network',
    'none',
    '--user',
    'mop',
    tag,
    'sh',
    '-c',
    `command -v g++ || /opt/modulus/node/${IMAGE_NODE}/bin/node -e "${script}"`,
  ]);
  assert.equal(out, `42 ${await imageModuleVersion()}\n`);
});
