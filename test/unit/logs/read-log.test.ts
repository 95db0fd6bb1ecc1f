import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { readLog, tailLog, type TailResult } from '../../../src/logs/read-log.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const TEXT = '0123456789';

function logWith(t: Parameters<typeof tempDir>[0], text = TEXT): string {
  const file = path.join(tempDir(t), 'app.log');
  fs.writeFileSync(file, text);
  return file;
}

// [offset, length, expected] — supervisord's readFile
const READS: Array<[number, number, string]> = [
  [0, 0, '0123456789'],
  [0, 3, '012'],
  [4, 3, '456'],
  [8, 5, '89'],
  [12, 0, ''],
  [-3, 0, '789'],
  [-20, 0, '0123456789'],
];

for (const [offset, length, expected] of READS) {
  test(`readLog(${offset}, ${length})`, (t) => {
    assert.equal(readLog(logWith(t), offset, length), expected);
  });
}

test('readLog rejects a negative offset with a length, or a negative length', (t) => {
  const file = logWith(t);
  for (const [o, l] of [
    [-3, 2],
    [0, -1],
  ] as const) {
    assert.throws(
      () => readLog(file, o, l),
      (err) => isModulusError(err) && err.code === 'LOG_BAD_ARGUMENTS',
    );
  }
});

test('readLog: a missing file is LOG_NO_FILE; a symlink or hard link is LOG_READ_FAILED', (t) => {
  const file = logWith(t);
  const dir = path.dirname(file);
  assert.throws(
    () => readLog(path.join(dir, 'none'), 0, 0),
    (err) => isModulusError(err) && err.code === 'LOG_NO_FILE',
  );
  fs.symlinkSync(file, path.join(dir, 'sym'));
  fs.linkSync(file, path.join(dir, 'hard'));
  for (const name of ['sym', 'hard']) {
    assert.throws(
      () => readLog(path.join(dir, name), 0, 0),
      (err) => isModulusError(err) && err.code === 'LOG_READ_FAILED',
    );
  }
});

// [offset, length, expected] — supervisord's tailFile, on a 10-byte file
const TAILS: Array<[number, number, TailResult]> = [
  [0, 100, ['0123456789', 10, false]],
  [0, 4, ['6789', 10, true]],
  [8, 4, ['6789', 10, false]],
  [10, 4, ['', 10, false]],
  [20, 4, ['', 10, false]],
  [6, 4, ['6789', 10, false]],
  [0, 0, ['', 10, true]],
];

for (const [offset, length, expected] of TAILS) {
  test(`tailLog(${offset}, ${length})`, (t) => {
    assert.deepEqual(tailLog(logWith(t), offset, length), expected);
  });
}

test('tailLog on a missing file gives an empty result at offset 0', (t) => {
  assert.deepEqual(tailLog(path.join(tempDir(t), 'none'), 5, 10), ['', 0, false]);
});
