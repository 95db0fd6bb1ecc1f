// The event hierarchy: subtypes, abstract types and subscription matching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ABSTRACT_EVENT_TYPES,
  EVENT_PARENTS,
  isEventType,
  isSubscribed,
  isSubtypeOf,
} from '../../../src/events/event-types.js';

const rows: [Parameters<typeof isSubtypeOf>[0], Parameters<typeof isSubtypeOf>[1], boolean][] = [
  ['PROCESS_STATE_EXITED', 'PROCESS_STATE', true],
  ['PROCESS_STATE_BACKOFF', 'EVENT', true],
  ['PROCESS_STATE', 'PROCESS_STATE', true],
  ['PROCESS_STATE', 'PROCESS_STATE_EXITED', false],
  ['TICK_60', 'TICK', true],
  ['TICK_60', 'TICK_5', false],
  ['PROCESS_LOG_STDERR', 'PROCESS_COMMUNICATION', false],
  ['PROCESS_COMMUNICATION_STDOUT', 'PROCESS_COMMUNICATION', true],
  ['SUPERVISOR_STATE_CHANGE_STOPPING', 'SUPERVISOR_STATE_CHANGE', true],
  ['PROCESS_GROUP_REMOVED', 'PROCESS_GROUP', true],
  ['REMOTE_COMMUNICATION', 'EVENT', true],
];

test('isSubtypeOf follows supervisord class inheritance', () => {
  for (const [type, ancestor, expected] of rows)
    assert.equal(isSubtypeOf(type, ancestor), expected, `${type} < ${ancestor}`);
});

test('every type descends from EVENT; names are checked', () => {
  for (const type of Object.keys(EVENT_PARENTS)) assert.ok(isEventType(type) && isSubtypeOf(type, 'EVENT'));
  assert.equal(isEventType('PROCESS_STATE_BOGUS'), false);
  assert.equal(isEventType('__proto__'), false);
  assert.equal(Object.keys(EVENT_PARENTS).length, 27);
  assert.ok(ABSTRACT_EVENT_TYPES.has('TICK') && !ABSTRACT_EVENT_TYPES.has('TICK_5'));
  assert.ok(isSubscribed('TICK_5', ['PROCESS_STATE', 'TICK']));
  assert.ok(!isSubscribed('TICK_5', ['PROCESS_STATE']));
});
