import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describe,
  formatStopTime,
  formatUptime,
  type ProcessInfoFacts,
} from '../../../../src/rpc/api/process-info.js';

test('formatUptime prints Python timedelta text', () => {
  const rows: [number, string][] = [
    [0, '0:00:00'],
    [62, '0:01:02'],
    [3599.9, '0:59:59'],
    [86400, '1 day, 0:00:00'],
    [2 * 86400 + 3723, '2 days, 1:02:03'],
  ];
  for (const [seconds, text] of rows) assert.equal(formatUptime(seconds), text, String(seconds));
});

test('formatStopTime is strftime %b %d %I:%M %p in local time', () => {
  const rows: [Date, string][] = [
    [new Date(2026, 0, 1, 12, 0), 'Jan 01 12:00 PM'],
    [new Date(2026, 10, 29, 0, 5), 'Nov 29 12:05 AM'],
    [new Date(2026, 5, 9, 13, 57), 'Jun 09 01:57 PM'],
  ];
  for (const [date, text] of rows) assert.equal(formatStopTime(date), text);
});

test('describe gives the status texts supervisord gives', () => {
  const base: ProcessInfoFacts = {
    name: 'web',
    state: 'RUNNING',
    start: 1000,
    stop: 0,
    now: 1062,
    pid: 42,
    spawnerr: '',
  };
  const stop = new Date(2026, 0, 1, 12, 0).getTime() / 1000;
  const rows: [Partial<ProcessInfoFacts>, string][] = [
    [{}, 'pid 42, uptime 0:01:02'],
    [{ now: 900 }, 'pid 42, uptime 0:00:00'],
    [{ state: 'STOPPED', start: 0 }, 'Not started'],
    [{ state: 'EXITED', stop }, 'Jan 01 12:00 PM'],
    [
      { state: 'BACKOFF', spawnerr: 'Exited too quickly (process log may have details)' },
      'Exited too quickly (process log may have details)',
    ],
    [{ state: 'FATAL' }, 'unknown error (try "tail web")'],
    [{ state: 'STARTING' }, ''],
    [{ state: 'STOPPING' }, ''],
  ];
  for (const [patch, text] of rows)
    assert.equal(describe({ ...base, ...patch }), text, JSON.stringify(patch));
});
