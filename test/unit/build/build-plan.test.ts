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

test('yarn and pnpm are refused by name unless a package-lock.json is there too', () => {
  assert.throws(() => planBuild(deps, ['yarn.lock']), { code: 'BUILD_PACKAGE_MANAGER', message: /yarn\.lock.*not yarn/ });
  assert.throws(() => planBuild(deps, ['pnpm-lock.yaml']), { code: 'BUILD_PACKAGE_MANAGER', message: /not pnpm/ });
  assert.throws(() => planBuild({ ...deps, packageManager: 'yarn@4.1.0' }, []), { code: 'BUILD_PACKAGE_MANAGER' });
  const both = planBuild(deps, ['yarn.lock', 'package-lock.json']);
  assert.equal(both.lockfile, 'package-lock.json');
  assert.match(both.warnings[0]!, /both exist/);
});
