// `modulus run` (local) on real apps from npm: the build step installs with the host's Node.js,
// the app comes up, a second run from the same directory installs nothing, and Ctrl-C during the
// install stops the whole install and leaves no process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expressApp, hangingInstallApp } from '../../helpers/npm-apps.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startRun } from './run-harness.js';

test('an Express app comes up; the second run installs nothing; both stop on SIGINT', async (t) => {
  const root = tempDir(t, 'modulus-run-build-');
  const app = expressApp(join(root, 'express-app'));
  const cwd = join(root, 'here');
  mkdirSync(cwd);
  const first = await startRun(t, app, [], { cwd, env: { HOME: process.env.HOME } });
  assert.equal(await first.get('/', 180_000), 'hello from express');
  assert.match(first.stderr(), /modulus build: install: npm ci --include=dev/);
  assert.match(first.stderr(), /Node\.js v[\d.]+ \(no version requested: this host's Node\.js\)/);
  assert.equal(await first.stop('SIGINT'), 0);

  const second = await startRun(t, app, [], { cwd, env: { HOME: process.env.HOME } });
  assert.equal(await second.get('/', 60_000), 'hello from express');
  assert.match(second.stderr(), /install: up to date .* nothing installed/);
  assert.match(second.stderr(), /copy: 0 changed/);
  assert.doesNotMatch(second.stderr(), /npm ci/);
  assert.equal(await second.stop('SIGINT'), 0);
});

test('SIGINT during the install stops it and everything it started, and says so', async (t) => {
  const root = tempDir(t, 'modulus-run-build-');
  const pidFile = join(root, 'install.pid');
  const app = hangingInstallApp(join(root, 'slow'), pidFile);
  const run = await startRun(t, app, [], { env: { HOME: process.env.HOME } });
  await waitFor(
    'the install script to start',
    () => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '',
    {
      timeoutMs: 60_000,
    },
  );
  const pid = Number(readFileSync(pidFile, 'utf8'));
  assert.equal(await run.stop('SIGINT'), 1);
  assert.match(run.stderr(), /interrupted during npm install .*: stopped it and every process it started/);
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the install script is gone');
});
