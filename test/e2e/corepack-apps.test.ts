// pnpm and yarn apps, their lockfiles written in the test by those managers through corepack: the
// build installs with the same manager through the Node.js's own corepack, frozen to the lockfile,
// runs the build script with it and prunes to production; a second run installs nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { COREPACK_TEST_ENV, corepackApp } from '../helpers/npm-apps.js';
import { tempDir } from '../helpers/temp-dir.js';
import { startRun } from '../integration/host/run-harness.js';

/** What npm needs from our environment to reach the registry here (its config, a proxy's CA). */
const ENV = {
  HOME: process.env.HOME,
  NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
  ...COREPACK_TEST_ENV,
};

const cases = [
  {
    label: 'pnpm (pinned by packageManager)',
    spec: 'pnpm@9.15.9',
    pin: 'pnpm@9.15.9',
    lockfile: 'pnpm-lock.yaml',
    install: /install: pnpm install --frozen-lockfile/,
  },
  {
    label: 'yarn 1 (from its lockfile)',
    spec: 'yarn@1.22.22',
    pin: undefined,
    lockfile: 'yarn.lock',
    install: /install: yarn install --frozen-lockfile/,
  },
  {
    label: 'yarn 4 (pinned by packageManager)',
    spec: 'yarn@4.12.0',
    pin: 'yarn@4.12.0',
    lockfile: 'yarn.lock',
    install: /install: yarn install --immutable/,
  },
];

for (const c of cases) {
  test(`a ${c.label} app runs locally, pruned, and a second run installs nothing`, async (t) => {
    const root = tempDir(t, 'modulus-e2e-corepack-');
    const app = corepackApp(join(root, 'app'), c.spec, c.pin);
    assert.ok(existsSync(join(app, c.lockfile)), `${c.spec} wrote ${c.lockfile}`);
    const cwd = join(root, 'here');
    mkdirSync(cwd);
    const first = await startRun(t, app, ['--name', 'cp'], { cwd, env: ENV });
    assert.equal(await first.get('/', 240_000), '1m built pruned');
    assert.match(first.stderr(), c.install);
    assert.match(first.stderr(), /through corepack/);
    assert.equal(await first.stop('SIGINT'), 0);

    const second = await startRun(t, app, ['--name', 'cp'], { cwd, env: ENV });
    assert.equal(await second.get('/', 60_000), '1m built pruned');
    assert.match(
      second.stderr(),
      new RegExp(`install: up to date \\(same ${c.lockfile} .* nothing installed`),
    );
    assert.equal(await second.stop('SIGINT'), 0);
  });
}
