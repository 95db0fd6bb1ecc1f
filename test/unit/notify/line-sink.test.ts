import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { fdLineSink, wantsLineSink } from '../../../src/notify/line-sink.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

test('MODULUS_NOTIFY_STDOUT turns the line on with a boolean, and refuses anything else', () => {
  const rows: [string | undefined, boolean][] = [
    [undefined, false],
    ['', false],
    ['1', true],
    ['true', true],
    ['yes', true],
    ['0', false],
    ['off', false],
  ];
  for (const [value, want] of rows)
    assert.equal(wantsLineSink({ MODULUS_NOTIFY_STDOUT: value }), want, value);
  assert.throws(
    () => wantsLineSink({ MODULUS_NOTIFY_STDOUT: 'sometimes' }),
    (err) => isModulusError(err) && /MODULUS_NOTIFY_STDOUT/.test(err.message),
  );
});

test('the fd sink writes each line whole, in order', (t) => {
  const file = path.join(tempDir(t), 'log');
  const fd = fs.openSync(file, 'a');
  t.after(() => fs.closeSync(fd));
  const sink = fdLineSink(fd);
  const long = `${'x'.repeat(100_000)}\n`;
  sink('{"a":1}\n');
  sink(long);
  assert.equal(fs.readFileSync(file, 'utf8'), `{"a":1}\n${long}`);
});
