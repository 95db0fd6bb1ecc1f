// The event type names listeners may subscribe to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_TYPE_NAMES } from '../../../src/config/event-types.js';

test('event type names include the abstract and concrete types, once each', () => {
  for (const name of [
    'EVENT',
    'PROCESS_STATE',
    'PROCESS_STATE_FATAL',
    'TICK_5',
    'PROCESS_LOG_STDERR',
    'PROCESS_GROUP_REMOVED',
  ]) {
    assert.ok(EVENT_TYPE_NAMES.includes(name), name);
  }
  assert.equal(new Set(EVENT_TYPE_NAMES).size, EVENT_TYPE_NAMES.length);
});
