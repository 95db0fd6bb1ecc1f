import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { readRecord, sameInputs, writeRecord } from '../../../src/node/resolved-record.js';

const RECORD = {
  spec: '^22',
  grammar: 'node-semver-7',
  source: 'package.json engines.node',
  mirror: 'https://nodejs.org/dist',
  platform: 'linux-x64',
  version: 'v22.1.0',
};

test('write then read; damaged records read as none', async (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'deep', 'resolved.json');
  assert.equal(await writeRecord(path, RECORD), undefined);
  assert.deepEqual(await readRecord(path), RECORD);
  writeFileSync(path, '{"spec": 1}');
  assert.equal(await readRecord(path), undefined);
  // Written before node-semver (no grammar), or with a version that is not vX.Y.Z: no record.
  const { grammar: _, ...old } = RECORD;
  writeFileSync(path, JSON.stringify(old));
  assert.equal(await readRecord(path), undefined);
  writeFileSync(path, JSON.stringify({ ...RECORD, version: '../../../etc' }));
  assert.equal(await readRecord(path), undefined);
  assert.equal(await readRecord(join(dir, 'missing.json')), undefined);
});

test('an unwritable place returns the reason instead of throwing', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'file'), '');
  assert.match((await writeRecord(join(dir, 'file', 'resolved.json'), RECORD)) ?? '', /ENOTDIR|EEXIST/);
});

test('sameInputs compares everything but the version', () => {
  assert.equal(sameInputs(RECORD, { ...RECORD, version: 'v9.9.9' } as typeof RECORD), true);
  assert.equal(sameInputs(RECORD, { ...RECORD, spec: '^20' }), false);
  assert.equal(sameInputs(RECORD, { ...RECORD, grammar: 'older' }), false);
  assert.equal(sameInputs(RECORD, { ...RECORD, mirror: 'http://127.0.0.1/dist' }), false);
});
