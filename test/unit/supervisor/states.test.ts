import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isLegalTransition,
  PROCESS_STATE_CODES,
  processStateEvent,
  TRANSITIONS,
} from '../../../src/supervisor/states.js';

test("wire codes are supervisord's", () => {
  assert.deepEqual(PROCESS_STATE_CODES, {
    STOPPED: 0,
    STARTING: 10,
    RUNNING: 20,
    BACKOFF: 30,
    STOPPING: 40,
    EXITED: 100,
    FATAL: 200,
    UNKNOWN: 1000,
  });
});

const EDGES: Array<[keyof typeof TRANSITIONS, keyof typeof TRANSITIONS, boolean]> = [
  ['STOPPED', 'STARTING', true],
  ['STARTING', 'RUNNING', true],
  ['STARTING', 'BACKOFF', true],
  ['BACKOFF', 'FATAL', true],
  ['RUNNING', 'EXITED', true],
  ['RUNNING', 'STOPPING', true],
  ['STOPPING', 'STOPPED', true],
  ['STOPPED', 'RUNNING', false],
  ['RUNNING', 'STARTING', false],
  ['FATAL', 'RUNNING', false],
  ['EXITED', 'STOPPED', false],
];
for (const [from, to, legal] of EDGES) {
  test(`${from} -> ${to} is ${legal ? 'legal' : 'illegal'}`, () =>
    assert.equal(isLegalTransition(from, to), legal));
}

test('each state names its event', () => assert.equal(processStateEvent('FATAL'), 'PROCESS_STATE_FATAL'));
