import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { findPackageJson, parseManifest, readPackage } from '../../../src/node/package-json.js';

test('the shallowest package.json wins; node_modules and .git are ignored', async (t) => {
  const root = tempDir(t);
  for (const d of ['node_modules/x', '.git/y', 'b/deep', 'a']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'node_modules/x/package.json'), '{}');
  writeFileSync(join(root, '.git/y/package.json'), '{}');
  writeFileSync(join(root, 'b/deep/package.json'), '{}');
  assert.equal(await findPackageJson(root), join(root, 'b/deep/package.json'));
  writeFileSync(join(root, 'a/package.json'), '{}');
  assert.equal(await findPackageJson(root), join(root, 'a/package.json'));
  writeFileSync(join(root, 'package.json'), '{}');
  assert.equal(await findPackageJson(root), join(root, 'package.json'));
  assert.equal(await findPackageJson(join(root, 'missing')), undefined);
});

test('parseManifest keeps the fields start needs', () => {
  const m = parseManifest(
    JSON.stringify({
      name: 'a',
      version: '1.0.0',
      main: 'x.js',
      scripts: { start: 'node x.js', n: 1 },
      engines: { node: '^22' },
      workspaces: ['packages/*'],
    }),
    'p',
  );
  assert.deepEqual(m, {
    name: 'a',
    version: '1.0.0',
    main: 'x.js',
    scripts: { start: 'node x.js' },
    enginesNode: '^22',
    workspaces: ['packages/*'],
  });
  assert.deepEqual(parseManifest('{"engines": null, "main": 3}', 'p'), {
    name: undefined,
    version: undefined,
    main: undefined,
    scripts: {},
    enginesNode: undefined,
    workspaces: [],
  });
});

test('invalid package.json fails with NODE_PACKAGE_JSON naming the file', async (t) => {
  const root = tempDir(t);
  writeFileSync(join(root, 'package.json'), '{ "name": ');
  await assert.rejects(readPackage(root), (err: { code?: string; message: string }) => {
    return err.code === 'NODE_PACKAGE_JSON' && err.message.includes(join(root, 'package.json'));
  });
  writeFileSync(join(root, 'package.json'), '[]');
  await assert.rejects(readPackage(root), (err: { code?: string }) => err.code === 'NODE_PACKAGE_JSON');
});

test('two package.json files at the same depth: the first in name order, the other named', async (t) => {
  const root = tempDir(t);
  for (const dir of ['web', 'api']) {
    mkdirSync(join(root, dir));
    writeFileSync(join(root, dir, 'package.json'), '{}');
  }
  const pkg = await readPackage(root);
  assert.equal(pkg?.path, join(root, 'api', 'package.json'));
  assert.deepEqual(pkg?.others, [join(root, 'web', 'package.json')]);
});
