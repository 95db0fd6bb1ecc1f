// Rows checked against Python's shlex.split, which supervisord uses for command=.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitShellWords } from '../../../src/supervisor/shell-words.js';

const CASES: Array<[string, string[]]> = [
  ['node server.js', ['node', 'server.js']],
  ['  spaced   out  ', ['spaced', 'out']],
  [`a "b c" 'd e'`, ['a', 'b c', 'd e']],
  [`x"y z"w`, ['xy zw']],
  [`back\\ slash`, ['back slash']],
  [`"in \\"quotes\\""`, ['in "quotes"']],
  [`'no \\escape'`, ['no \\escape']],
  [`"keeps \\n"`, ['keeps \\n']],
  [`""`, ['']],
  [`sh -c 'echo $HOME; exit 2'`, ['sh', '-c', 'echo $HOME; exit 2']],
];

for (const [line, words] of CASES) {
  test(`splits ${JSON.stringify(line)}`, () => assert.deepEqual(splitShellWords(line), words));
}

test('an unterminated quote is an error', () => {
  assert.throws(() => splitShellWords(`a "b`), /No closing quotation/);
});

test('agrees with Python shlex.split on the table', async () => {
  const { execFileSync } = await import('node:child_process');
  const script =
    'import json,shlex,sys; print(json.dumps([shlex.split(l) for l in json.loads(sys.stdin.read())]))';
  const out = execFileSync('/usr/bin/python3', ['-c', script], {
    input: JSON.stringify(CASES.map((c) => c[0])),
  });
  assert.deepEqual(
    JSON.parse(out.toString()),
    CASES.map((c) => c[1]),
  );
});
