import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEnv, parseEnvArg, parseEnvFile } from '../../../src/host/run-env.js';

const ENV = { FROM_HERE: 'ours', EMPTY: '' };

test('-e K=V splits at the first =; -e K passes our value on', () => {
  const rows: Array<[string, [string, string]]> = [
    ['A=1', ['A', '1']],
    ['A=', ['A', '']],
    ['A=b=c', ['A', 'b=c']],
    ['A=a, "b"\nc', ['A', 'a, "b"\nc']],
    ['FROM_HERE', ['FROM_HERE', 'ours']],
    ['EMPTY', ['EMPTY', '']],
  ];
  for (const [arg, expected] of rows) assert.deepEqual(parseEnvArg(arg, ENV), expected, arg);
});

test('-e refuses unusable names, NUL bytes and unset pass-throughs', () => {
  for (const arg of ['=x', '1A=x', 'A B=x', 'A-B=x', 'A=\0', 'NOT_SET']) {
    assert.throws(() => parseEnvArg(arg, ENV), { code: 'RUN_ENV' }, arg);
  }
});

test('env files: K=V lines, comments and blanks skipped, K alone passes ours on', () => {
  const text = '\uFEFF# comment\n\nA=1\n  B=kept "as written" \r\nFROM_HERE\nNOT_SET\nC=x=y\n';
  assert.deepEqual(parseEnvFile(text, 'f.env', ENV), [
    ['A', '1'],
    ['B', 'kept "as written"'],
    ['FROM_HERE', 'ours'],
    ['C', 'x=y'],
  ]);
});

test('env file errors name the file and line', () => {
  assert.throws(() => parseEnvFile('A=1\nBAD NAME=2\n', 'f.env', ENV), /f\.env:2/);
  assert.throws(() => parseEnvFile('A=1\nB="open\n', 'f.env', ENV), /f\.env:2: the " quote is never closed/);
});

test('later values win, keeping the first position', () => {
  assert.deepEqual(
    mergeEnv(
      [
        ['A', '1'],
        ['B', '2'],
      ],
      [
        ['A', '3'],
        ['C', '4'],
      ],
    ),
    [
      ['A', '3'],
      ['B', '2'],
      ['C', '4'],
    ],
  );
});
