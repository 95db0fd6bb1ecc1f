import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModulusError } from '../../../../src/errors/modulus-error.js';
import { RpcFault } from '../../../../src/rpc/faults.js';
import { boolParam, intParam, logFault, splitNamespec } from '../../../../src/rpc/api/context.js';

test('splitNamespec follows supervisord', () => {
  const rows: [string, { group: string; process: string | null }][] = [
    ['web', { group: 'web', process: 'web' }],
    ['pair:p1', { group: 'pair', process: 'p1' }],
    ['pair:*', { group: 'pair', process: null }],
    ['pair:', { group: 'pair', process: null }],
    ['a:b:c', { group: 'a', process: 'b:c' }],
  ];
  for (const [spec, expected] of rows) assert.deepEqual(splitNamespec(spec), expected, spec);
});

test('log errors map to NO_FILE, BAD_ARGUMENTS and FAILED in one place', () => {
  const rows: [ModulusError, number, string][] = [
    [new ModulusError('LOG_NO_FILE', 'x'), 20, 'NO_FILE: /l'],
    [new ModulusError('LOG_BAD_ARGUMENTS', 'x'), 3, 'BAD_ARGUMENTS'],
    [new ModulusError('LOG_READ_FAILED', 'x'), 30, 'FAILED'],
  ];
  for (const [err, code, text] of rows) {
    const fault = logFault(err, '/l');
    assert.ok(fault instanceof RpcFault);
    assert.equal(fault.faultCode, code);
    assert.equal(fault.faultString, text);
  }
  assert.throws(() => logFault(new Error('bug'), '/l'), /bug/);
});

test('parameters are read as supervisord reads them', () => {
  assert.equal(intParam(5), 5);
  assert.equal(intParam('-5'), -5);
  assert.throws(
    () => intParam('x'),
    (e: RpcFault) => e.faultCode === 2,
  );
  assert.throws(
    () => intParam(1.5),
    (e: RpcFault) => e.faultCode === 2,
  );
  assert.equal(boolParam(undefined, true), true);
  assert.equal(boolParam(false, true), false);
  assert.equal(boolParam(0, true), false);
  assert.throws(
    () => boolParam('yes', true),
    (e: RpcFault) => e.faultCode === 2,
  );
});
