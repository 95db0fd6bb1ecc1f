import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { EventReader, charactersEnd, runListener, type ListenerEvent } from '../../../src/notify/listener.js';
import { eventEnvelope } from '../../../src/events/event-payload.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const FIELDS = { server: 'supervisor', serial: 1, pool: 'notify', poolSerial: 1 };
const PAYLOADS = [
  'processname:web groupname:web from_state:RUNNING expected:0 pid:42',
  'processname:caf\u00e9 groupname:\u{1f600} from_state:BACKOFF',
  '',
  'type:modulus-log-loss\n{"a":"\u00e9\u00e9"}',
];

test('events split at every byte boundary are read whole (len counts characters)', () => {
  const wire = Buffer.from(
    PAYLOADS.map((p, i) =>
      eventEnvelope(i === 3 ? 'REMOTE_COMMUNICATION' : 'PROCESS_STATE_EXITED', p, FIELDS),
    ).join(''),
  );
  for (const size of [1, 2, 3, 7, wire.length]) {
    const reader = new EventReader();
    const got: ListenerEvent[] = [];
    for (let i = 0; i < wire.length; i += size) got.push(...reader.feed(wire.subarray(i, i + size)));
    assert.deepEqual(
      got.map((e) => e.payload),
      PAYLOADS,
      `chunks of ${size}`,
    );
    assert.equal(got[3]!.name, 'REMOTE_COMMUNICATION');
  }
});

test('a header without len is a protocol error', () => {
  assert.throws(
    () => new EventReader().feed(Buffer.from('ver:3.0 eventname:TICK_5\n')),
    (err) => isModulusError(err) && err.code === 'NOTIFY_PROTOCOL',
  );
});

test('charactersEnd', () => {
  const rows: [string, number, number][] = [
    ['abc', 2, 2],
    ['\u00e9a', 1, 2],
    ['\u{1f600}', 1, 4],
    ['ab', 3, -1],
  ];
  for (const [text, count, expected] of rows)
    assert.equal(charactersEnd(Buffer.from(text), count), expected, text);
  assert.equal(charactersEnd(Buffer.from('\u00e9').subarray(0, 1), 1), -1, 'half a character is not enough');
});

test('the loop says READY, acknowledges each event OK even when handling fails, and ends with stdin', async () => {
  const input = new PassThrough();
  let out = '';
  const errors: unknown[] = [];
  const handled: string[] = [];
  const done = runListener(
    { input, write: (t) => (out += t) },
    async (e) => {
      handled.push(e.payload);
      if (handled.length === 2) throw new Error('boom');
    },
    (err) => errors.push(err),
  );
  assert.equal(out, 'READY\n');
  input.write(eventEnvelope('TICK_5', 'when:5', FIELDS).slice(0, 10));
  input.write(eventEnvelope('TICK_5', 'when:5', FIELDS).slice(10));
  input.end(eventEnvelope('TICK_5', 'when:10', FIELDS));
  await done;
  assert.deepEqual(handled, ['when:5', 'when:10']);
  assert.equal(out, 'READY\nRESULT 2\nOKREADY\nRESULT 2\nOKREADY\n');
  assert.equal(errors.length, 1);
});
