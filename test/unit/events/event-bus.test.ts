import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventBus } from '../../../src/events/event-bus.js';

test('events reach every subscriber in order with increasing serials', () => {
  const bus = new EventBus();
  const seen: string[] = [];
  bus.subscribe((e, serial) => seen.push(`a:${e.type}:${serial}`));
  bus.subscribe((e, serial) => seen.push(`b:${e.type}:${serial}`));
  bus.publish({ type: 'TICK_5', when: 5 });
  bus.publish({ type: 'PROCESS_GROUP_ADDED', group: 'web' });
  assert.deepEqual(seen, ['a:TICK_5:1', 'b:TICK_5:1', 'a:PROCESS_GROUP_ADDED:2', 'b:PROCESS_GROUP_ADDED:2']);
  assert.equal(bus.lastSerial, 2);
});

test('a throwing subscriber does not stop the others; unsubscribe stops delivery', () => {
  const bus = new EventBus();
  let count = 0;
  bus.subscribe(() => {
    throw new Error('bug');
  });
  const off = bus.subscribe(() => count++);
  bus.publish({ type: 'TICK_60', when: 60 });
  off();
  bus.publish({ type: 'TICK_60', when: 120 });
  assert.equal(count, 1);
});
