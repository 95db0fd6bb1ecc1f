import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installPaths } from '../../../src/host/install-paths.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('the package root is above dist/, found through a symlinked bin', (t) => {
  const root = tempDir(t);
  mkdirSync(join(root, 'pkg', 'dist'), { recursive: true });
  mkdirSync(join(root, 'pkg', 'images', 'run-node'), { recursive: true });
  writeFileSync(join(root, 'pkg', 'dist', 'modulus.js'), '');
  writeFileSync(join(root, 'pkg', 'images', 'run-node', 'start'), '');
  mkdirSync(join(root, 'bin'));
  symlinkSync(join(root, 'pkg', 'dist', 'modulus.js'), join(root, 'bin', 'modulus'));
  assert.deepEqual(installPaths(join(root, 'bin', 'modulus')), {
    cli: join(root, 'pkg', 'dist', 'modulus.js'),
    packageRoot: join(root, 'pkg'),
    startScript: join(root, 'pkg', 'images', 'run-node', 'start'),
  });
});

test('a package without images/ or a missing script is RUN_PACKAGE_INCOMPLETE', (t) => {
  const root = tempDir(t);
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'dist', 'modulus.js'), '');
  assert.throws(() => installPaths(join(root, 'dist', 'modulus.js')), { code: 'RUN_PACKAGE_INCOMPLETE' });
  assert.throws(() => installPaths(join(root, 'nope.js')), { code: 'RUN_PACKAGE_INCOMPLETE' });
});
