import { test } from 'node:test';
import assert from 'node:assert/strict';
import { digestFor, parseShasums } from '../../../src/node/shasums.js';

const A = 'a'.repeat(64);
const B = 'B'.repeat(64);
const isCode = (code: string) => (err: { code?: string }) => err.code === code;

// [text, parsed lines]
const ROWS: [string, { digest: string; file: string }[]][] = [
  [`${A}  node-v22.1.0-linux-x64.tar.gz\n`, [{ digest: A, file: 'node-v22.1.0-linux-x64.tar.gz' }]],
  [`${A} *node-v22.1.0-linux-x64.tar.gz\r\n\n`, [{ digest: A, file: 'node-v22.1.0-linux-x64.tar.gz' }]],
  [
    `${B}  x.tar.gz\n${A}  y.tar.gz`,
    [
      { digest: 'b'.repeat(64), file: 'x.tar.gz' },
      { digest: A, file: 'y.tar.gz' },
    ],
  ],
  ['', []],
];

test('SHASUMS256.txt rows', () => {
  for (const [text, expected] of ROWS) assert.deepEqual(parseShasums(text, 'SHASUMS256.txt'), expected);
});

test('malformed lines are rejected with the line number', () => {
  for (const bad of [
    `${A.slice(1)}  x.tar.gz`,
    `${A}x.tar.gz`,
    `${A}  `,
    `${'g'.repeat(64)}  x.tar.gz`,
    'not a line',
  ]) {
    assert.throws(
      () => parseShasums(`${A}  ok.tar.gz\n${bad}\n`, 'SUMS'),
      (err: { code?: string; message: string }) =>
        err.code === 'NODE_SHASUMS_MALFORMED' && err.message.startsWith('SUMS:2:'),
      bad,
    );
  }
});

test('digestFor finds the line, refuses a missing or contradictory one', () => {
  const lines = parseShasums(`${A}  a.tar.gz\n${B}  b.tar.gz\n`, 'S');
  assert.equal(digestFor(lines, 'b.tar.gz', 'S'), 'b'.repeat(64));
  assert.throws(() => digestFor(lines, 'c.tar.gz', 'S'), isCode('NODE_CHECKSUM_MISSING'));
  const twice = parseShasums(`${A}  a.tar.gz\n${B}  a.tar.gz\n`, 'S');
  assert.throws(() => digestFor(twice, 'a.tar.gz', 'S'), isCode('NODE_SHASUMS_MALFORMED'));
});
