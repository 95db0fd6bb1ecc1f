import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planBuild } from '../../../src/build/build-plan.js';

const deps = { scripts: {}, hasDependencies: true };

test('npm ci with a lockfile, npm install without one (with a warning); devDependencies always', () => {
  assert.deepEqual(planBuild(deps, ['package.json', 'package-lock.json']).install, [
    'ci',
    '--include=dev',
    '--no-audit',
    '--no-fund',
  ]);
  assert.equal(planBuild(deps, ['package.json', 'npm-shrinkwrap.json']).lockfile, 'npm-shrinkwrap.json');
  const bare = planBuild(deps, ['package.json']);
  assert.equal(bare.install?.[0], 'install');
  assert.match(bare.warnings[0]!, /no package-lock.json/);
  assert.equal(planBuild({ scripts: {}, hasDependencies: false }, []).install, undefined);
});

test("Heroku's hooks: heroku-postbuild replaces build; prebuild and cleanup around them", () => {
  const scripts = { build: 'tsc', 'heroku-postbuild': 'make', 'heroku-prebuild': 'x', 'heroku-cleanup': 'y' };
  const plan = planBuild({ scripts, hasDependencies: true }, []);
  assert.deepEqual([plan.prebuild, plan.build, plan.cleanup], ['heroku-prebuild', 'heroku-postbuild', 'heroku-cleanup']);
  assert.equal(planBuild({ scripts: { build: 'tsc' }, hasDependencies: true }, []).build, 'build');
  assert.equal(planBuild({ scripts: { build: '  ' }, hasDependencies: true }, []).build, undefined);
});

const PNPM9 = "lockfileVersion: '9.0'\n";
const YARN1 = '# yarn lockfile v1\n\nms@^2.1.3:\n';
const BERRY = '__metadata:\n  version: 8\n';
const lock = (texts: Record<string, string>) => (file: string) => texts[file] ?? '';

test('pnpm-lock.yaml and yarn.lock install through corepack, frozen to the lockfile, devDependencies included', () => {
  const pnpm = planBuild(deps, ['pnpm-lock.yaml'], lock({ 'pnpm-lock.yaml': PNPM9 }));
  assert.equal(pnpm.lockfile, 'pnpm-lock.yaml');
  assert.equal(pnpm.manager.spec, 'pnpm@9');
  assert.deepEqual(pnpm.install, ['install', '--frozen-lockfile', '--production=false']);
  assert.deepEqual(pnpm.manager.prune, ['prune', '--prod']);
  const classic = planBuild(deps, ['yarn.lock'], lock({ 'yarn.lock': YARN1 }));
  assert.equal(classic.manager.spec, 'yarn@1');
  assert.deepEqual(classic.install?.slice(0, 2), ['install', '--frozen-lockfile']);
  const berry = planBuild(deps, ['yarn.lock'], lock({ 'yarn.lock': BERRY }));
  assert.equal(berry.manager.spec, 'yarn@4');
  assert.deepEqual(berry.install, ['install', '--immutable']);
  assert.deepEqual(berry.manager.prune, ['workspaces', 'focus', '--all', '--production']);
  assert.deepEqual(berry.manager.run('build'), ['run', 'build']);
});

test('packageManager pins the manager (corepack reads its version), and its flavour for yarn', () => {
  const pinned = planBuild({ ...deps, packageManager: 'yarn@4.1.0' }, ['yarn.lock'], lock({ 'yarn.lock': YARN1 }));
  assert.equal(pinned.manager.spec, 'yarn', 'corepack takes the version from package.json');
  assert.deepEqual(pinned.install, ['install', '--immutable'], 'yarn 4 is berry whatever the lockfile looks like');
  const withNpmLock = planBuild({ ...deps, packageManager: 'pnpm@9.15.9' }, ['pnpm-lock.yaml', 'package-lock.json'], lock({}));
  assert.equal(withNpmLock.manager.name, 'pnpm');
  assert.match(withNpmLock.warnings[0]!, /package-lock.json is there too/);
  assert.throws(() => planBuild({ ...deps, packageManager: 'pnpm@9.15.9' }, []), {
    code: 'BUILD_PACKAGE_MANAGER',
    message: /no pnpm-lock.yaml/,
  });
  assert.equal(planBuild({ ...deps, packageManager: 'npm@10.9.2' }, []).manager.name, 'npm');
  const yarn3 = planBuild({ ...deps, packageManager: 'yarn@3.8.7' }, ['yarn.lock'], lock({ 'yarn.lock': BERRY }));
  assert.match(String(yarn3.manager.prune), /yarn 3 has no production prune/, 'said, not run');
});

test('an npm lockfile wins over the others (with a warning) when packageManager names none', () => {
  const both = planBuild(deps, ['yarn.lock', 'package-lock.json']);
  assert.equal(both.lockfile, 'package-lock.json');
  assert.equal(both.manager.name, 'npm');
  assert.match(both.warnings[0]!, /both exist/);
});
