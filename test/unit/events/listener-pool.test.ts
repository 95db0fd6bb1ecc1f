// The pool state machine: dispatch to READY listeners, re-buffer on FAIL and on exit, count overflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListenerPool, type PoolAction } from '../../../src/events/listener-pool.js';
import type { SupervisorEvent } from '../../../src/events/event-payload.js';

const tick = (when: number): SupervisorEvent => ({ type: 'TICK_5', when });
const kinds = (actions: PoolAction[]): string[] =>
  actions.map((a) =>
    a.kind === 'send'
      ? `send:${a.listener}:${a.serial}`
      : a.kind === 'overflow'
        ? `overflow:${a.discardedSerial}:${a.droppedTotal}`
        : a.kind === 'state'
          ? `${a.listener}:${a.from}->${a.to}`
          : `${a.kind}:${a.listener}`,
  );
const out = (s: string): Buffer => Buffer.from(s);

test('dispatches to a READY listener and re-buffers a FAIL', () => {
  const pool = new ListenerPool({ name: 'notify', bufferSize: 10, events: ['TICK'], server: 'supervisor' });
  pool.listenerStarted('notify_0');
  assert.deepEqual(pool.notify(tick(5), 1), []);
  assert.deepEqual(pool.notify({ type: 'PROCESS_GROUP_ADDED', group: 'x' }, 2), [], 'not subscribed');
  const sent = pool.listenerOutput('notify_0', out('READY\n'));
  assert.deepEqual(kinds(sent), ['notify_0:ACKNOWLEDGED->READY', 'send:notify_0:1']);
  assert.equal(
    (sent[1] as { data: string }).data,
    'ver:3.0 server:supervisor serial:1 pool:notify poolserial:0 eventname:TICK_5 len:6\nwhen:5',
  );
  assert.deepEqual(kinds(pool.listenerOutput('notify_0', out('RESULT 4\nFAIL'))), [
    'rejected:notify_0',
    'notify_0:BUSY->ACKNOWLEDGED',
  ]);
  assert.equal(pool.buffered, 1);
  const again = pool.listenerOutput('notify_0', out('READY\n'));
  assert.deepEqual(kinds(again), ['notify_0:ACKNOWLEDGED->READY', 'send:notify_0:1']);
  assert.match((again[1] as { data: string }).data, /poolserial:0 /, 'a re-sent event keeps its pool serial');
  // One read can carry several changes, reported in order as supervisord logs them.
  assert.deepEqual(kinds(pool.listenerOutput('notify_0', out('RESULT 2\nOKREADY\n'))), [
    'processed:notify_0',
    'notify_0:BUSY->ACKNOWLEDGED',
    'notify_0:ACKNOWLEDGED->READY',
  ]);
  assert.equal(pool.buffered, 0);
});

test('an event held by a listener that dies or speaks garbage goes back to the buffer', () => {
  const pool = new ListenerPool({ name: 'p', bufferSize: 10, events: ['EVENT'], server: 's' });
  pool.listenerStarted('a');
  pool.listenerStarted('b');
  pool.listenerOutput('a', out('READY\n'));
  assert.deepEqual(kinds(pool.notify(tick(0), 7)), ['send:a:7']);
  assert.deepEqual(kinds(pool.listenerExited('a')), ['rejected:a']);
  assert.deepEqual(kinds(pool.listenerOutput('b', out('READY\n'))), ['b:ACKNOWLEDGED->READY', 'send:b:7']);
  assert.deepEqual(kinds(pool.listenerOutput('b', out('RESULT x\n'))), [
    'protocol-error:b',
    'b:BUSY->UNKNOWN',
    'rejected:b',
  ]);
  assert.equal(pool.listenerState('b'), 'UNKNOWN');
  assert.equal(pool.buffered, 1);
  pool.listenerStarted('a');
  assert.deepEqual(kinds(pool.listenerOutput('a', out('READY\n'))), ['a:ACKNOWLEDGED->READY', 'send:a:7']);
});

test('overflow drops the oldest event and counts every drop', () => {
  const pool = new ListenerPool({ name: 'p', bufferSize: 2, events: ['TICK_5'], server: 's' });
  assert.deepEqual(kinds(pool.notify(tick(0), 1)), []);
  assert.deepEqual(kinds(pool.notify(tick(5), 2)), []);
  assert.deepEqual(kinds(pool.notify(tick(10), 3)), ['overflow:1:1']);
  assert.deepEqual(kinds(pool.notify(tick(15), 4)), ['overflow:2:2']);
  assert.equal(pool.dropped, 2);
  pool.listenerStarted('l');
  assert.deepEqual(kinds(pool.listenerOutput('l', out('READY\n'))), ['l:ACKNOWLEDGED->READY', 'send:l:3']);
});
