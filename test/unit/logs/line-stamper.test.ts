import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineStamper } from '../../../src/logs/line-stamper.js';

const T = '2026-11-29T13:20:18.123Z';

// [chunks in, text out]
const CASES: Array<[string[], string]> = [
  [['hello\n'], `${T} hello\n`],
  [['a\nb\n'], `${T} a\n${T} b\n`],
  [['par', 'tial\n'], `${T} partial\n`],
  [['a\n', 'b'], `${T} a\n${T} b`],
  [['a\nb', 'c\n', 'd\n'], `${T} a\n${T} bc\n${T} d\n`],
  [['\n\n'], `${T} \n${T} \n`],
  [['', 'x\n'], `${T} x\n`],
];

for (const [chunks, expected] of CASES) {
  test(`stamps ${JSON.stringify(chunks)}`, () => {
    const stamper = new LineStamper(() => new Date(T));
    const out = chunks.map((c) => stamper.stamp(Buffer.from(c)).toString()).join('');
    assert.equal(out, expected);
  });
}

test('lineStart follows the last byte stamped', () => {
  const stamper = new LineStamper(() => new Date(T));
  assert.equal(stamper.lineStart, true);
  stamper.stamp(Buffer.from('abc'));
  assert.equal(stamper.lineStart, false);
  stamper.stamp(Buffer.from('\n'));
  assert.equal(stamper.lineStart, true);
});
