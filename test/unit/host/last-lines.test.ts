import { test } from 'node:test';
import assert from 'node:assert/strict';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastLinesBytes, readLastLines } from '../../../src/host/last-lines.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('the last N lines, with or without a final newline', (t) => {
  const dir = tempDir(t);
  const rows: Array<[string, number, string]> = [
    ['a\nb\nc\n', 1, 'c\n'],
    ['a\nb\nc\n', 2, 'b\nc\n'],
    ['a\nb\nc\n', 3, 'a\nb\nc\n'],
    ['a\nb\nc\n', 10, 'a\nb\nc\n'],
    ['a\nb\nc', 1, 'c'],
    ['a\nb\nc', 2, 'b\nc'],
    ['a\n\n\n', 2, '\n\n'],
    ['', 5, ''],
    ['a\n', 0, ''],
  ];
  rows.forEach(([text, n, expected], i) => {
    const file = join(dir, `f${i}`);
    writeFileSync(file, text);
    assert.equal(readLastLines(file, n).text.toString(), expected, JSON.stringify([text, n]));
    assert.equal(lastLinesBytes(file, n), Buffer.byteLength(expected));
  });
});

test('lines longer than one read block, and many lines, are found across blocks', (t) => {
  const file = join(tempDir(t), 'big.log');
  const long = 'x'.repeat(200_000);
  const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
  writeFileSync(file, `${long}\n${lines.join('\n')}\n${long}\n`);
  assert.equal(readLastLines(file, 1).text.toString(), `${long}\n`);
  assert.equal(readLastLines(file, 3).text.toString(), `line 4998\nline 4999\n${long}\n`);
  assert.equal(readLastLines(file, 5002).text.length, 200_001 * 2 + lines.join('\n').length + 1);
});

test('a symlink at the name is refused', (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'secret'), 'x\n');
  symlinkSync(join(dir, 'secret'), join(dir, 'app.log'));
  assert.throws(() => readLastLines(join(dir, 'app.log'), 1), { code: 'ELOOP' });
});
