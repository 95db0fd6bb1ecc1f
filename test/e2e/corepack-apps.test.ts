// pnpm and yarn apps, their lockfiles written in the test by those managers through corepack: the
// build installs with the same manager through the Node.js's own corepack, frozen to the lockfile,
// runs the build script with it and prunes to production; a second run installs nothing. Locally
// with the host's Node.js and its corepack; under --docker with the image's, in build-node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { docker, dockerSuite, RUN_NODE } from '../helpers/docker.js';
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

const dockerCases = [
  {
    spec: 'pnpm@9.15.9',
    pin: undefined,
    lockfile: 'pnpm-lock.yaml',
    shown: /install: with pnpm 9 \(from pnpm-lock\.yaml.*through corepack/,
  },
  {
    spec: 'yarn@4.12.0',
    pin: 'yarn@4.12.0',
    lockfile: 'yarn.lock',
    shown: /install: with yarn \(packageManager yarn@4\.12\.0\), through corepack/,
  },
];

for (const c of dockerCases) {
  test(`a ${c.spec} app under --docker: installed by the image Node.js's corepack in build-node, then cached`, async (t) => {
    if (!(await dockerSuite(t))) return;
    const name = `e2e-${randomBytes(3).toString('hex')}`;
    t.after(() => docker(['rm', '-f', `modulus-${name}`, `modulus-${name}-build`]));
    const root = tempDir(t, 'modulus-e2e-corepack-');
    chmodSync(root, 0o755); // the build container's mop reads the app
    const app = corepackApp(join(root, 'app'), c.spec, c.pin);
    const cwd = join(root, 'here');
    mkdirSync(cwd);
    // The build container gets only -e values: the corepack setting this machine's registry needs.
    const args = ['--docker', '--image', RUN_NODE, '--name', name, '-e', 'COREPACK_INTEGRITY_KEYS=0'];
    const first = await startRun(t, app, args, { cwd, env: ENV });
    assert.equal(await first.get('/', 240_000), '1m built pruned');
    assert.match(first.stderr(), c.shown);
    assert.match(first.stderr(), /install: (pnpm|yarn) install .*\(Node\.js v22\./);
    assert.equal(await first.stop('SIGINT'), 0);
    const second = await startRun(t, app, args, { cwd, env: ENV });
    assert.equal(await second.get('/', 90_000), '1m built pruned');
    assert.match(
      second.stderr(),
      new RegExp(`install: up to date \\(same ${c.lockfile} .* nothing installed`),
    );
    assert.equal(await second.stop('SIGINT'), 0);
  });
}
