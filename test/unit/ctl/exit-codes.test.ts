import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXIT, STATUS_EXIT, exitAfterFault } from '../../../src/ctl/exit-codes.js';
import { FAULTS } from '../../../src/rpc/faults.js';

test('LSB codes as supervisorctl uses them', () => {
  assert.equal(EXIT.NOT_RUNNING, 7);
  assert.equal(EXIT.INSUFFICIENT_PRIVILEGES, 4);
  assert.deepEqual(STATUS_EXIT, { NOT_RUNNING: 3, UNKNOWN: 4 });
});

test('a result fault moves the exit status: dead programs 7, others 1, success and the tolerated fault not at all', () => {
  const rows: [number, number | undefined, number][] = [
    [FAULTS.SUCCESS, undefined, 0],
    [FAULTS.ALREADY_STARTED, FAULTS.ALREADY_STARTED, 0],
    [FAULTS.NOT_RUNNING, FAULTS.NOT_RUNNING, 0],
    [FAULTS.NOT_RUNNING, undefined, 7],
    [FAULTS.SPAWN_ERROR, FAULTS.ALREADY_STARTED, 7],
    [FAULTS.ABNORMAL_TERMINATION, undefined, 7],
    [FAULTS.BAD_NAME, undefined, 1],
    [FAULTS.NO_FILE, FAULTS.ALREADY_STARTED, 1],
  ];
  for (const [fault, tolerated, expected] of rows)
    assert.equal(exitAfterFault(0, fault, tolerated), expected, `${fault}`);
  assert.equal(exitAfterFault(7, FAULTS.SUCCESS), 7);
});
