import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  appSubdir,
  listWorkspaces,
  workspacePatterns,
  workspaceRootError,
} from '../../../src/node/workspaces.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('workspace patterns: npm arrays and yarn objects; globs and literal dirs with a package.json', (t) => {
  assert.deepEqual(workspacePatterns(['a', 1, '']), ['a']);
  assert.deepEqual(workspacePatterns({ packages: ['p/*'] }), ['p/*']);
  assert.deepEqual(workspacePatterns('x'), []);
  const root = tempDir(t);
  for (const [dir, name] of [
    ['packages/web', 'web'],
    ['packages/lib', '@x/lib'],
    ['tools/cli', 'cli'],
  ]) {
    mkdirSync(join(root, dir!), { recursive: true });
    writeFileSync(join(root, dir!, 'package.json'), JSON.stringify({ name }));
  }
  mkdirSync(join(root, 'packages', 'empty'));
  assert.deepEqual(listWorkspaces(root, ['./packages/*', 'tools/cli', 'missing']), [
    { dir: 'packages/lib', name: '@x/lib' },
    { dir: 'packages/web', name: 'web' },
    { dir: 'tools/cli', name: 'cli' },
  ]);
});

test('a workspaces root without start names its workspaces and both ways to choose', () => {
  const err = workspaceRootError('/app', [{ dir: 'packages/web', name: 'web' }]);
  assert.equal(err.code, 'NODE_WORKSPACE_ROOT');
  assert.match(err.message, /web \(packages\/web\)/);
  assert.match(err.hint!, /MODULUS_APP_DIR=packages\/web/);
  assert.match(err.hint!, /npm start -w web/);
});

test('MODULUS_APP_DIR must stay inside the app', () => {
  assert.equal(appSubdir('packages/web/'), 'packages/web');
  assert.equal(appSubdir('.'), undefined);
  assert.equal(appSubdir(undefined), undefined);
  for (const bad of ['/abs', '..', '../x', 'a/../../x'])
    assert.throws(() => appSubdir(bad), { code: 'NODE_APP_DIR' }, bad);
});
