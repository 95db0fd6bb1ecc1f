import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitExecArgs } from '../../../src/node/exec-args.js';

const ROWS: [string, string[]][] = [
  ['', []],
  ['  --max-old-space-size=512   --inspect ', ['--max-old-space-size=512', '--inspect']],
  [`--title 'my app'`, ['--title', 'my app']],
  [`--title "say \\"hi\\""`, ['--title', 'say "hi"']],
  [`a\\ b ''`, ['a b', '']],
  ['--require=$HOME/x.js', ['--require=$HOME/x.js']],
];

test('EXEC_ARGS rows', () => {
  for (const [input, expected] of ROWS) assert.deepEqual(splitExecArgs(input), expected, input);
});

test('an unclosed quote is an error', () => {
  assert.throws(
    () => splitExecArgs(`--title 'x`),
    (err: { code?: string }) => err.code === 'START_EXEC_ARGS',
  );
});
