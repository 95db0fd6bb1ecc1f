// /proc parsing for /metrics: CPU seconds and resident pages from stat (a command name with spaces
// and parentheses included), the page size from the auxiliary vector, and a real read of this process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pageSizeFromAuxv, parseStat, readProcUsage } from '../../../src/web/proc-stat.js';

const STAT =
  '4242 (my (odd) prog) S 1 4242 4242 0 -1 4194560 500 0 0 0 250 75 0 0 20 0 1 0 12345 1000000 300 18446744073709551615';

test('utime and stime are fields 14 and 15, in 1/100 s; rss is field 24, in pages', () => {
  assert.deepEqual(parseStat(STAT), { cpuSeconds: 3.25, residentPages: 300 });
});

test('a line that is not /proc/PID/stat gives null', () => {
  for (const bad of ['', 'garbage', '1 (x) S 1 2', '1 (x) S 1 2 3 4 5 6 7 8 9 x y 1 2 3 4 5 6 7 8 9 10']) {
    assert.equal(parseStat(bad), null, bad);
  }
});

test('the page size is AT_PAGESZ (6) in the auxiliary vector', () => {
  const words = (pairs: bigint[][]): Buffer => {
    const buf = Buffer.alloc(pairs.length * 16);
    pairs.forEach(([k, v], i) => {
      buf.writeBigUInt64LE(k!, i * 16);
      buf.writeBigUInt64LE(v!, i * 16 + 8);
    });
    return buf;
  };
  const rows: [bigint[][], number | null][] = [
    [
      [
        [33n, 1n],
        [6n, 65536n],
        [0n, 0n],
      ],
      65536,
    ],
    [
      [
        [33n, 1n],
        [0n, 0n],
        [6n, 4096n],
      ],
      null,
    ],
  ];
  for (const [pairs, expected] of rows) assert.equal(pageSizeFromAuxv(words(pairs)), expected);
  assert.equal(pageSizeFromAuxv(Buffer.alloc(7)), null);
  assert.ok([4096, 16384, 65536].includes(pageSizeFromAuxv(readFileSync('/proc/self/auxv'))!));
});

test('this process reads back with the resident memory the kernel reports; a pid that is gone reads null', () => {
  const usage = readProcUsage(process.pid);
  const vmRss = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]) * 1024;
  assert.ok(
    usage !== null && Math.abs(usage.residentBytes - vmRss) < 16 * 1024 * 1024,
    `${usage?.residentBytes} vs ${vmRss}`,
  );
  assert.ok(usage.cpuSeconds >= 0);
  assert.equal(readProcUsage(0), null);
  assert.equal(readProcUsage(2 ** 22 + 1), null);
});
