import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { SafeDir } from '../../../src/logs/safe-dir.js';
import { shiftBackups } from '../../../src/logs/backups.js';

function setup(
  t: Parameters<typeof tempDir>[0],
  files: Record<string, string>,
): { root: string; dir: SafeDir } {
  const root = tempDir(t);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  const dir = SafeDir.open(root);
  t.after(() => dir.close());
  return { root, dir };
}

function listing(root: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(root)
      .sort()
      .map((n) => [n, fs.readFileSync(path.join(root, n), 'utf8')]),
  );
}

test('shifts app.log → .1 → .2 and replaces the oldest', (t) => {
  const { root, dir } = setup(t, { 'app.log': 'live', 'app.log.1': 'one', 'app.log.2': 'two' });
  shiftBackups(dir, 'app.log', 2, () => assert.fail('no warning'));
  assert.deepEqual(listing(root), { 'app.log.1': 'live', 'app.log.2': 'one' });
});

test('fills gaps without moving files beyond N', (t) => {
  const { root, dir } = setup(t, { 'app.log': 'live', 'app.log.2': 'two', 'app.log.9': 'nine' });
  shiftBackups(dir, 'app.log', 3, () => assert.fail('no warning'));
  assert.deepEqual(listing(root), { 'app.log.1': 'live', 'app.log.3': 'two', 'app.log.9': 'nine' });
});

test('with no backups the live name is removed', (t) => {
  const { root, dir } = setup(t, { 'app.log': 'live', 'app.log.1': 'kept' });
  shiftBackups(dir, 'app.log', 0, () => assert.fail('no warning'));
  assert.deepEqual(listing(root), { 'app.log.1': 'kept' });
});

test('a directory planted at app.log.1 cannot stop rotation: the live file starts afresh', (t) => {
  const { root, dir } = setup(t, { 'app.log': 'live' });
  fs.mkdirSync(path.join(root, 'app.log.1'));
  fs.writeFileSync(path.join(root, 'app.log.1', 'x'), 'x');
  const warnings: string[] = [];
  shiftBackups(dir, 'app.log', 1, (m) => warnings.push(m));
  assert.equal(fs.existsSync(path.join(root, 'app.log')), false);
  assert.equal(warnings.length, 1);
});
