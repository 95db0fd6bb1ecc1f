import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { syncTree } from '../../../src/build/tree-sync.js';
import { tempDir } from '../../helpers/temp-dir.js';

const none = (): boolean => false;

test('a second sync copies nothing; a changed file is copied, a removed one removed', (t) => {
  const dir = tempDir(t);
  const from = join(dir, 'from');
  const to = join(dir, 'to');
  mkdirSync(join(from, 'sub'), { recursive: true });
  writeFileSync(join(from, 'a.js'), 'a');
  writeFileSync(join(from, 'sub', 'b.js'), 'b');
  symlinkSync('a.js', join(from, 'link'));
  const first = syncTree(from, to, { skip: none, remove: 'all' });
  assert.equal(first.copied, 3);
  assert.equal(readlinkSync(join(to, 'link')), 'a.js');
  assert.equal(syncTree(from, to, { skip: none, remove: 'all' }).copied, 0);
  writeFileSync(join(from, 'a.js'), 'aa');
  writeFileSync(join(to, 'built.js'), 'made by a build');
  const again = syncTree(from, to, { skip: none, remove: new Set(first.paths) });
  assert.equal(again.copied, 1);
  assert.equal(readFileSync(join(to, 'a.js'), 'utf8'), 'aa');
  assert.ok(existsSync(join(to, 'built.js')), 'a file the source never had is kept');
  assert.equal(syncTree(from, to, { skip: none, remove: 'all' }).removed, 1);
});

test('skipped names are neither copied nor removed; a link planted in the target is replaced, not followed', (t) => {
  const dir = tempDir(t);
  const from = join(dir, 'from');
  const to = join(dir, 'to');
  const outside = join(dir, 'outside');
  mkdirSync(join(from, 'node_modules'), { recursive: true });
  mkdirSync(join(to, 'node_modules'), { recursive: true });
  writeFileSync(join(from, 'node_modules', 'x'), 'x');
  writeFileSync(join(from, 'a.js'), 'a');
  writeFileSync(outside, 'keep');
  symlinkSync(outside, join(to, 'a.js'));
  const skip = (_rel: string, name: string): boolean => name === 'node_modules';
  syncTree(from, to, { skip, remove: 'all' });
  assert.equal(readFileSync(outside, 'utf8'), 'keep');
  assert.ok(lstatSync(join(to, 'a.js')).isFile());
  assert.ok(existsSync(join(to, 'node_modules')) && !existsSync(join(to, 'node_modules', 'x')));
});
