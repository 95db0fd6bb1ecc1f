// `modulus run --docker` on real apps from npm: the build runs in a run-node container as mop with
// the image's Node.js, a second run installs nothing, a volume used locally first runs in Docker
// (everything mop needs is handed to uid 441), and Ctrl-C during the install leaves no container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { docker, dockerSuite, MOP_UID, RUN_NODE } from '../helpers/docker.js';
import { expressApp, hangingInstallApp, lockApp, writeApp } from '../helpers/npm-apps.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { startRun } from '../integration/host/run-harness.js';

/** What npm needs from our environment to reach the registry here (its config, a proxy's CA). */
const NPM_ENV = { HOME: process.env.HOME, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS };

function names(t: Parameters<typeof tempDir>[0]): { name: string; root: string } {
  const name = `e2e-${randomBytes(3).toString('hex')}`;
  t.after(async () => {
    await docker(['rm', '-f', `modulus-${name}`, `modulus-${name}-build`]);
  });
  const root = tempDir(t, 'modulus-e2e-apps-');
  chmodSync(root, 0o755); // the build container's mop reads the app
  return { name, root };
}

test('an Express app under --docker: built in the image, up, and a second run installs nothing', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { name, root } = names(t);
  const app = expressApp(join(root, 'express-app'));
  const cwd = join(root, 'here');
  mkdirSync(cwd);
  const args = ['--docker', '--image', RUN_NODE, '--name', name];
  const first = await startRun(t, app, args, { cwd, env: NPM_ENV });
  assert.equal(await first.get('/', 240_000), 'hello from express');
  assert.match(first.stderr(), /modulus build: install: npm ci --include=dev .*\(Node\.js v22\./);
  assert.equal(lstatSync(join(first.volume, 'app', 'node_modules', 'express')).uid, MOP_UID);
  assert.equal(await first.stop('SIGINT'), 0);

  const second = await startRun(t, app, args, { cwd, env: NPM_ENV });
  assert.equal(await second.get('/', 90_000), 'hello from express');
  assert.match(second.stderr(), /install: up to date .* nothing installed/);
  assert.equal(await second.stop('SIGINT'), 0);
  assert.notEqual((await docker(['inspect', `modulus-${name}-build`])).code, 0, 'no build container is left');
});

test('a volume run locally first runs under --docker: what the app wrote as root is handed to mop', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { name, root } = names(t);
  const app = writeApp(join(root, 'stateful'), {
    'package.json': { name: 'stateful', scripts: { start: 'node server.js' } },
    'server.js': [
      "const fs = require('fs'), path = require('path');",
      "const dir = path.join(process.env.HOME, '.stateful');",
      'fs.mkdirSync(dir, { recursive: true });',
      "fs.writeFileSync(path.join(dir, 'runs'), String(process.getuid()));",
      "fs.writeFileSync(path.join(process.env.MODULUS_MNT || '/mnt', 'app-storage', 'x'), 'y');",
      "require('http').createServer((q, s) => s.end('uid ' + process.getuid())).listen(process.env.PORT);",
    ].join('\n'),
  });
  const cwd = join(root, 'here');
  mkdirSync(cwd);
  const local = await startRun(t, app, ['--name', name], { cwd, env: NPM_ENV });
  assert.match(await local.get('/', 60_000), /^uid \d+$/);
  assert.equal(await local.stop('SIGINT'), 0);
  const inDocker = await startRun(t, app, ['--docker', '--image', RUN_NODE, '--name', name], {
    cwd,
    env: NPM_ENV,
  });
  assert.equal(await inDocker.get('/', 120_000), `uid ${MOP_UID}`);
  assert.equal(readFileSync(join(inDocker.volume, 'home', '.stateful', 'runs'), 'utf8'), String(MOP_UID));
  assert.equal(await inDocker.stop('SIGINT'), 0);
});

test('Ctrl-C during the install in the build container stops it and leaves no container', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { name, root } = names(t);
  const app = hangingInstallApp(join(root, 'slow'), '/mnt/tmp/install.pid');
  const run = await startRun(t, app, ['--docker', '--image', RUN_NODE, '--name', name], { env: NPM_ENV });
  const pidFile = join(run.volume, 'tmp', 'install.pid');
  await waitFor('the install script to start in the container', () => existsSync(pidFile), {
    timeoutMs: 120_000,
  });
  assert.equal(await run.stop('SIGINT'), 1);
  assert.match(run.stderr(), /interrupted during npm install/);
  assert.match(run.stderr(), /interrupted during the build: stopped the build container/);
  assert.notEqual(
    (await docker(['inspect', `modulus-${name}-build`])).code,
    0,
    'the build container is gone',
  );
});

test("a workspaces monorepo under --docker: its root start script runs `npm start -w web` with the image's npm", async (t) => {
  if (!(await dockerSuite(t))) return;
  const { name, root } = names(t);
  const app = writeApp(join(root, 'mono'), {
    'package.json': {
      name: 'mono',
      private: true,
      workspaces: ['packages/*'],
      scripts: { start: 'npm start -w web' },
    },
    'packages/web/package.json': {
      name: 'web',
      scripts: { start: 'node server.js' },
      dependencies: { ms: '^2.1.3' },
    },
    'packages/web/server.js':
      "require('http').createServer((q, s) => s.end('up ' + require('ms')(60000))).listen(process.env.PORT);\n",
  });
  lockApp(app);
  const run = await startRun(t, app, ['--docker', '--image', RUN_NODE, '--name', name], { env: NPM_ENV });
  assert.equal(await run.get('/', 180_000), 'up 1m');
  assert.match(readFileSync(join(run.volume, 'log', 'app.log'), 'utf8'), /> web@ start|node server\.js/);
  assert.equal(await run.stop('SIGINT'), 0);
});
