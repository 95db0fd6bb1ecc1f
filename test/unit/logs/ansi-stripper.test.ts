import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnsiStripper } from '../../../src/logs/ansi-stripper.js';

const CASES: Array<[string[], string]> = [
  [['plain text\n'], 'plain text\n'],
  [['\x1b[31mred\x1b[0m\n'], 'red\n'],
  [['\x1b[1;32mbold green\x1b[m'], 'bold green'],
  [['a\x1b[2Jb\x1b[Hc'], 'abc'],
  [['split \x1b', '[3', '1mred\x1b[0', 'm done'], 'split red done'],
  [['lone \x1bX escape'], 'lone \x1bX escape'],
];

for (const [chunks, expected] of CASES) {
  test(`strips ${JSON.stringify(chunks.join(''))}`, () => {
    const s = new AnsiStripper();
    const out = chunks.map((c) => s.strip(Buffer.from(c)).toString()).join('');
    assert.equal(out, expected);
  });
}
