// Payloads and envelopes, character for character as supervisord writes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  codePointLength,
  eventEnvelope,
  eventPayload,
  pythonBytesRepr,
  tickWhen,
  type SupervisorEvent,
} from '../../../src/events/event-payload.js';

const web = { name: 'web', group: 'web' };
const rows: [SupervisorEvent, string][] = [
  [
    { type: 'PROCESS_STATE_STARTING', process: web, fromState: 'STOPPED', tries: 0 },
    'processname:web groupname:web from_state:STOPPED tries:0',
  ],
  [
    { type: 'PROCESS_STATE_BACKOFF', process: web, fromState: 'STARTING', tries: 2 },
    'processname:web groupname:web from_state:STARTING tries:2',
  ],
  [
    { type: 'PROCESS_STATE_EXITED', process: web, fromState: 'RUNNING', expected: false, pid: 123 },
    'processname:web groupname:web from_state:RUNNING expected:0 pid:123',
  ],
  [
    { type: 'PROCESS_STATE_RUNNING', process: web, fromState: 'STARTING', pid: 123 },
    'processname:web groupname:web from_state:STARTING pid:123',
  ],
  [
    { type: 'PROCESS_STATE_STOPPED', process: web, fromState: 'STOPPING', pid: 123 },
    'processname:web groupname:web from_state:STOPPING pid:123',
  ],
  [
    { type: 'PROCESS_STATE_FATAL', process: { name: 'w_0', group: 'w' }, fromState: 'BACKOFF' },
    'processname:w_0 groupname:w from_state:BACKOFF',
  ],
  [
    { type: 'PROCESS_LOG_STDERR', process: web, pid: 9, data: Buffer.from('oops\n') },
    'processname:web groupname:web pid:9 channel:stderr\noops\n',
  ],
  [
    { type: 'PROCESS_LOG_STDOUT', process: web, pid: 9, data: new Uint8Array([0xff, 0x27, 0x0a]) },
    'processname:web groupname:web pid:9 channel:stdout\nUndecodable: b"\\xff\'\\n"',
  ],
  [
    { type: 'PROCESS_COMMUNICATION_STDOUT', process: web, pid: 9, data: 'hi' },
    'processname:web groupname:web pid:9\nhi',
  ],
  [{ type: 'REMOTE_COMMUNICATION', remoteType: 'deploy', data: 'v2' }, 'type:deploy\nv2'],
  [{ type: 'SUPERVISOR_STATE_CHANGE_RUNNING' }, ''],
  [{ type: 'TICK_60', when: 1700000040 }, 'when:1700000040'],
  [{ type: 'PROCESS_GROUP_ADDED', group: 'web' }, 'groupname:web\n'],
];

test('payloads match events.py', () => {
  for (const [event, expected] of rows) assert.equal(eventPayload(event), expected, event.type);
});

test('the envelope header counts characters, as Python len() of a str does', () => {
  assert.equal(
    eventEnvelope('PROCESS_COMMUNICATION_STDOUT', 'processname:foo groupname:bar pid:123\nThis is the data', {
      server: 'supervisor',
      serial: 21,
      pool: 'listener',
      poolSerial: 10,
    }),
    'ver:3.0 server:supervisor serial:21 pool:listener poolserial:10 eventname:PROCESS_COMMUNICATION_STDOUT len:54\n' +
      'processname:foo groupname:bar pid:123\nThis is the data',
  );
  assert.equal(codePointLength('h\u00e9\u{1F600}'), 3);
  assert.match(
    eventEnvelope('TICK_5', 'x\u00e9', { server: 's', serial: 0, pool: 'p', poolSerial: 0 }),
    / len:2\n/,
  );
});

test('tick times are aligned to the period, and bytes repr as Python does', () => {
  assert.equal(tickWhen(60, 1700000071.9), 1700000040);
  assert.equal(tickWhen(5, 12), 10);
  const reprs: [number[], string][] = [
    [[0x61, 0x5c, 0x09, 0x0d], "b'a\\\\\\t\\r'"],
    [[0x27], 'b"\'"'],
    [[0x27, 0x22], "b'\\'\"'"],
    [[0x7f, 0x80], "b'\\x7f\\x80'"],
  ];
  for (const [bytes, expected] of reprs) assert.equal(pythonBytesRepr(new Uint8Array(bytes)), expected);
});

test('our extras follow supervisord tokens and never contain spaces or colons', () => {
  const payload = eventPayload({
    type: 'PROCESS_STATE_EXITED',
    process: { name: 'web', group: 'web' },
    fromState: 'RUNNING',
    expected: false,
    pid: 42,
    extras: { signal: 'KILL', uptime: '1.500', restarts: 2, odd: 'a b:c' },
  });
  assert.equal(
    payload,
    'processname:web groupname:web from_state:RUNNING expected:0 pid:42 signal:KILL uptime:1.500 restarts:2 odd:a_b_c',
  );
});
