import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNotifyEvent, parseTokens } from '../../../src/notify/notify-event.js';

test('parseTokens reads key:value words as childutils does', () => {
  const rows: [string, Record<string, string>][] = [
    ['a:1 b:2', { a: '1', b: '2' }],
    [
      'processname:web groupname:web from_state:RUNNING',
      { processname: 'web', groupname: 'web', from_state: 'RUNNING' },
    ],
    ['k:v:w junk x:', { k: 'v:w', x: '' }],
    ['', {}],
  ];
  for (const [line, expected] of rows)
    assert.deepEqual(Object.fromEntries(parseTokens(line)), expected, line);
});

test("supervisord's EXITED payload has no extras", () => {
  const e = parseNotifyEvent(
    'PROCESS_STATE_EXITED',
    'processname:web groupname:app from_state:RUNNING expected:0 pid:42',
  );
  assert.equal(e.kind, 'state');
  if (e.kind !== 'state') return;
  assert.deepEqual(
    [e.state, e.program, e.group, e.fromState, e.expected, e.pid, e.exitcode, e.signal, e.extended],
    ['EXITED', 'web', 'app', 'RUNNING', false, 42, null, null, false],
  );
});

test("our supervisor's extras are read", () => {
  const rows: [string, string, Partial<Record<string, unknown>>][] = [
    [
      'PROCESS_STATE_EXITED',
      'processname:web groupname:web from_state:RUNNING expected:0 pid:42 restarts:3 exitcode:1 uptime:2.500',
      { exitcode: 1, signal: null, uptimeSeconds: 2.5, restarts: 3, extended: true },
    ],
    [
      'PROCESS_STATE_EXITED',
      'processname:web groupname:web from_state:RUNNING expected:0 pid:42 restarts:0 signal:KILL uptime:0.010',
      { exitcode: null, signal: 'KILL', uptimeSeconds: 0.01, restarts: 0 },
    ],
    [
      'PROCESS_STATE_BACKOFF',
      "processname:x groupname:x from_state:STARTING tries:1 restarts:0 spawnerr:can't_find_command_'_nope'",
      { tries: 1, spawnerr: "can't find command ' nope'" },
    ],
    ['PROCESS_STATE_FATAL', 'processname:x groupname:x from_state:BACKOFF', { pid: null, expected: null }],
  ];
  for (const [name, payload, expected] of rows) {
    const e = parseNotifyEvent(name, payload);
    assert.equal(e.kind, 'state', payload);
    for (const [k, v] of Object.entries(expected)) assert.deepEqual((e as never)[k], v, `${payload}: ${k}`);
  }
});

test('a log loss arrives as REMOTE_COMMUNICATION of type modulus-log-loss', () => {
  const data = JSON.stringify({
    program: 'web',
    group: 'web',
    path: '/mnt/log/app.log',
    bytes: 10,
    since: '2026-01-01T00:00:00.000Z',
    until: '2026-01-01T00:00:01.000Z',
    error: 'ENOSPC',
    message: 'no space',
  });
  const e = parseNotifyEvent('REMOTE_COMMUNICATION', `type:modulus-log-loss\n${data}`);
  assert.equal(e.kind, 'log-loss');
  assert.equal(parseNotifyEvent('REMOTE_COMMUNICATION', `type:other\n${data}`).kind, 'ignored');
  assert.equal(parseNotifyEvent('REMOTE_COMMUNICATION', 'type:modulus-log-loss\n{bad').kind, 'ignored');
  assert.equal(parseNotifyEvent('TICK_5', 'when:5').kind, 'ignored');
});
