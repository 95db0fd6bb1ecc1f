import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dueTicks } from '../../../src/events/ticker.js';

test('no tick on the first observation; then one per period entered', () => {
  const last = new Map<number, number>();
  assert.deepEqual(dueTicks(last, 3597), []);
  assert.deepEqual(dueTicks(last, 3599), []);
  assert.deepEqual(dueTicks(last, 3600), [
    { type: 'TICK_5', when: 3600 },
    { type: 'TICK_60', when: 3600 },
    { type: 'TICK_3600', when: 3600 },
  ]);
  assert.deepEqual(dueTicks(last, 3606), [{ type: 'TICK_5', when: 3605 }]);
  assert.deepEqual(dueTicks(last, 3607), []);
});
