// /proc parsing for /metrics: CPU seconds from stat (a command name with spaces and parentheses
// included) and resident memory from status; and a real read of this very process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatCpuSeconds, parseStatusRssBytes, readProcUsage } from '../../../src/web/proc-stat.js';

const STAT =
  '4242 (my (odd) prog) S 1 4242 4242 0 -1 4194560 500 0 0 0 250 75 0 0 20 0 1 0 12345 1000000 300 18446744073709551615';

test('utime and stime are fields 14 and 15, in 1/100 s, after the parenthesised command', () => {
  assert.equal(parseStatCpuSeconds(STAT), 3.25);
});

test('a line that is not /proc/PID/stat gives null', () => {
  for (const bad of ['', 'garbage', '1 (x) S 1 2', '1 (x) S 1 2 3 4 5 6 7 8 9 x y']) {
    assert.equal(parseStatCpuSeconds(bad), null, bad);
  }
});

test('VmRSS in kB becomes bytes; a zombie without one gives null', () => {
  assert.equal(parseStatusRssBytes('Name:\tsh\nVmRSS:\t    1664 kB\nThreads:\t1\n'), 1664 * 1024);
  assert.equal(parseStatusRssBytes('Name:\tsh\nState:\tZ (zombie)\n'), null);
});

test('this process reads back as using some CPU and memory; a pid that is gone reads null', () => {
  const usage = readProcUsage(process.pid);
  assert.ok(usage !== null && usage.residentBytes > 1024 * 1024 && usage.cpuSeconds >= 0);
  assert.equal(readProcUsage(0), null);
  assert.equal(readProcUsage(2 ** 22 + 1), null);
});
