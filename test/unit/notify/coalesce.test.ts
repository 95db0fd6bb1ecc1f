import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Coalescer, type Timers } from '../../../src/notify/coalesce.js';
import type { NotificationRecord } from '../../../src/notify/record.js';
import { sampleRecord } from './sample-record.js';

/** A clock and timers the test steps by hand. */
function manual() {
  let now = 0;
  const pending: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const timers: Timers = {
    set: (fn, ms) => (pending.push({ at: now + ms, fn, id: ++ids }), ids),
    clear: (id) => {
      const i = pending.findIndex((p) => p.id === id);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  const advance = (ms: number): void => {
    now += ms;
    for (const p of pending.filter((x) => x.at <= now)) {
      pending.splice(pending.indexOf(p), 1);
      p.fn();
    }
  };
  return { clock: () => now, timers, advance };
}

test('the first event goes at once; a storm in the window becomes one file with a count', () => {
  const m = manual();
  const out: NotificationRecord[] = [];
  const c = new Coalescer(5000, (r) => out.push(r), m.clock, m.timers);
  c.offer(sampleRecord({ time: 't0' }));
  assert.equal(out.length, 1);
  for (let i = 1; i <= 9; i++) {
    m.advance(100);
    c.offer(sampleRecord({ time: `t${i}`, pid: 100 + i }));
  }
  assert.equal(out.length, 1);
  assert.equal(c.pending, 9);
  m.advance(5000);
  assert.equal(out.length, 2);
  assert.deepEqual(out[1]!.coalesced, { count: 9, first: 't1', last: 't9' });
  assert.equal(out[1]!.pid, 109, 'the latest event is the one shown');
  m.advance(10_000);
  c.offer(sampleRecord({ time: 'later' }));
  assert.equal(out.length, 3, 'after a quiet window, the next goes at once');
  assert.equal(out[2]!.coalesced, null);
});

test('programs and types are coalesced separately', () => {
  const m = manual();
  const out: NotificationRecord[] = [];
  const c = new Coalescer(5000, (r) => out.push(r), m.clock, m.timers);
  c.offer(sampleRecord());
  c.offer(sampleRecord({ program: 'worker' }));
  c.offer(sampleRecord({ type: 'fatal' }));
  c.offer(sampleRecord());
  assert.equal(out.length, 3);
  c.flush();
  assert.equal(out.length, 4);
  assert.equal(out[3]!.coalesced, null, 'one held event is written as itself');
});

test('a window of 0 writes everything', () => {
  const out: NotificationRecord[] = [];
  const c = new Coalescer(0, (r) => out.push(r));
  for (let i = 0; i < 5; i++) c.offer(sampleRecord());
  assert.equal(out.length, 5);
});

test("a program's held events are written before its next immediate one", () => {
  const m = manual();
  const out: NotificationRecord[] = [];
  const c = new Coalescer(5000, (r) => out.push(r), m.clock, m.timers);
  c.offer(sampleRecord({ type: 'spawn-error', time: 'a' }));
  c.offer(sampleRecord({ type: 'spawn-error', time: 'b' }));
  c.offer(sampleRecord({ type: 'fatal', time: 'c' }));
  assert.deepEqual(
    out.map((r) => r.time),
    ['a', 'b', 'c'],
  );
  m.advance(10_000);
  assert.equal(out.length, 3, 'nothing is written twice');
});
