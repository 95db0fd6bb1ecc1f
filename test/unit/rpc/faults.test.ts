// Fault numbers and strings exactly as supervisord's xmlrpc.py has them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FAULTS, RpcFault, faultName, formatFaultString, isRpcFault } from '../../../src/rpc/faults.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

test('fault numbers match supervisord', () => {
  assert.deepEqual(FAULTS, {
    UNKNOWN_METHOD: 1,
    INCORRECT_PARAMETERS: 2,
    BAD_ARGUMENTS: 3,
    SIGNATURE_UNSUPPORTED: 4,
    SHUTDOWN_STATE: 6,
    BAD_NAME: 10,
    BAD_SIGNAL: 11,
    NO_FILE: 20,
    NOT_EXECUTABLE: 21,
    FAILED: 30,
    ABNORMAL_TERMINATION: 40,
    SPAWN_ERROR: 50,
    ALREADY_STARTED: 60,
    NOT_RUNNING: 70,
    SUCCESS: 80,
    ALREADY_ADDED: 90,
    STILL_RUNNING: 91,
    CANT_REREAD: 92,
  });
});

const strings: [number, string | undefined, string][] = [
  [10, 'foo', 'BAD_NAME: foo'],
  [70, undefined, 'NOT_RUNNING'],
  [50, 'web:web_0', 'SPAWN_ERROR: web:web_0'],
  [2, '', 'INCORRECT_PARAMETERS: '],
  [999, 'x', 'UNKNOWN: x'],
  [5, undefined, 'UNKNOWN'],
];

test('fault strings read as supervisord writes them', () => {
  for (const [code, extra, expected] of strings) assert.equal(formatFaultString(code, extra), expected);
  assert.equal(faultName(92), 'CANT_REREAD');
});

test('RpcFault carries code and wire string, and is a ModulusError', () => {
  const fault = new RpcFault('BAD_NAME', 'foo');
  assert.equal(fault.faultCode, 10);
  assert.equal(fault.faultString, 'BAD_NAME: foo');
  assert.equal(fault.code, 'RPC_FAULT');
  assert.ok(isRpcFault(fault) && isModulusError(fault));
  const wire = RpcFault.fromWire(1234, 'custom text');
  assert.equal(wire.faultString, 'custom text');
  assert.equal(new RpcFault(60).faultString, 'ALREADY_STARTED');
});
