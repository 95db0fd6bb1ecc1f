import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readLimits } from '../../../src/os/limits.js';

const SAMPLE = `Limit                     Soft Limit           Hard Limit           Units
Max processes             95434                95434                processes
Max open files            1048576              1048576              files
`;

test('reads open-file and process limits from /proc/self/limits text', () => {
  assert.deepEqual(readLimits(SAMPLE), {
    files: { soft: 1048576, hard: 1048576 },
    processes: { soft: 95434, hard: 95434 },
  });
});

test('unlimited is Infinity, and missing lines are undefined', () => {
  const limits = readLimits(
    'Max processes             unlimited            unlimited            processes\n',
  );
  assert.equal(limits.processes?.soft, Infinity);
  assert.equal(limits.files, undefined);
});

test('the real /proc/self/limits parses to numbers', () => {
  const { files } = readLimits();
  assert.ok(files && files.hard > 0);
});
