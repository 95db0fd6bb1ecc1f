import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findExit } from '../../../src/notify/main-log.js';

const LOG = `2026-11-29 14:08:17,143 INFO spawned: 'crasher' with pid 27000
2026-11-29 14:08:17,150 INFO spawned: 'other' with pid 27001
2026-11-29 14:08:18,261 INFO success: crasher entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)
2026-11-29 14:08:18,351 WARN exited: crasher (exit status 3; not expected)
2026-11-29 14:08:19,351 INFO spawned: 'crasher' with pid 27010
2026-11-29 14:08:21,000 WARN exited: crasher (terminated by SIGKILL; not expected)
2026-11-29 14:08:22,000 WARN exited: other (terminated by SIGSEGV (core dumped); not expected)
`;

test("finds the exit of a given pid from supervisord's main log", () => {
  const rows: [string, number | null, unknown][] = [
    ['crasher', 27000, { exit: { code: 3, signal: null }, uptimeSeconds: 1.208 }],
    ['crasher', 27010, { exit: { code: null, signal: 'SIGKILL' }, uptimeSeconds: 1.649 }],
    ['crasher', null, { exit: { code: null, signal: 'SIGKILL' }, uptimeSeconds: 1.649 }],
    ['other', 27001, { exit: { code: null, signal: 'SIGSEGV' }, uptimeSeconds: 4.85 }],
    ['crasher', 1, null],
    ['missing', null, null],
  ];
  for (const [name, pid, expected] of rows)
    assert.deepEqual(findExit(LOG, name, pid), expected, `${name} ${pid}`);
});

test('a spawn whose exit is not logged yet gives nothing', () => {
  assert.equal(findExit("2026-11-29 14:08:17,143 INFO spawned: 'a' with pid 5\n", 'a', 5), null);
});
