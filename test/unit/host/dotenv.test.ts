import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDotenv } from '../../../src/host/dotenv.js';

const values = (text: string): Array<[string, string | undefined]> =>
  parseDotenv(text).map((e) => [e.name, e.value]);

test('the .env files people have: export, quotes, comments', () => {
  const rows: Array<[string, Array<[string, string | undefined]>]> = [
    ['export A=1', [['A', '1']]],
    ['A = spaced  ', [['A', 'spaced']]],
    ['A=value # a comment', [['A', 'value']]],
    ['A=no#comment', [['A', 'no#comment']]],
    ['A="two words" # c', [['A', 'two words']]],
    ['A="line\\nbreak \\"q\\" \\\\ \\x"', [['A', 'line\nbreak "q" \\ \\x']]],
    ["A='lit $HOME \\n ${X}'", [['A', 'lit $HOME \\n ${X}']]],
    ['A=`tick`', [['A', 'tick']]],
    [
      'A="multi\nline"\nB=2',
      [
        ['A', 'multi\nline'],
        ['B', '2'],
      ],
    ],
    ['A=', [['A', '']]],
    ['A=$HOME', [['A', '$HOME']]],
    ['PASS', [['PASS', undefined]]],
    ['# only\n\n   # indented comment', []],
  ];
  for (const [text, expected] of rows) assert.deepEqual(values(text), expected, text);
});

test('what it refuses names the line', () => {
  const rows: Array<[string, RegExp]> = [
    ['A=1\nB="open', /never closed/],
    ["A='open", /never closed/],
    ['A="x" y', /text after the closing "/],
    ['A=${HOME}/x', /\$\{HOME\} would be expanded/],
    ['A="${X}"', /\$\{X\} would be expanded/],
  ];
  for (const [text, message] of rows) assert.throws(() => parseDotenv(text), { message }, text);
  assert.throws(
    () => parseDotenv('A=1\nB="x" y'),
    (err: { line: number }) => err.line === 2,
  );
});
