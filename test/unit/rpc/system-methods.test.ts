// system.* over a method table and the dispatcher's lookup rules, compared with supervisord's output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDispatcher, withSystemMethods } from '../../../src/rpc/system-methods.js';
import { RpcFault } from '../../../src/rpc/faults.js';

const table = withSystemMethods({
  'supervisor.getState': { signature: ['struct'], help: 'state', handler: () => ({ statecode: 1 }) },
  'supervisor.bad': {
    signature: ['boolean', 'string'],
    help: '',
    handler: ([n]) => {
      throw new RpcFault('BAD_NAME', String(n));
    },
  },
  'supervisor.boom': {
    signature: ['int'],
    help: '',
    handler: () => {
      throw new TypeError('bad');
    },
  },
  'supervisor.nosig': { signature: [], help: '', handler: () => 1 },
});
const dispatch = createDispatcher(table);
const ctx = { transport: 'unix', username: null } as const;

test('multicall results are bare values or fault structs, as supervisord returns them', async () => {
  const result = await dispatch(
    'system.multicall',
    [
      [
        { methodName: 'supervisor.getState' },
        { methodName: 'supervisor.bad', params: ['x'] },
        { methodName: 'supervisor.boom' },
        {},
        { methodName: 'system.multicall' },
        { methodName: 'nope.x' },
        { methodName: 'supervisor.getState', params: [1] },
        'not a struct',
      ],
    ],
    ctx,
  );
  assert.deepEqual(result, [
    { statecode: 1 },
    { faultCode: 10, faultString: 'BAD_NAME: x' },
    { faultCode: 30, faultString: 'FAILED: TypeError:bad' },
    { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: No methodName' },
    { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden' },
    { faultCode: 1, faultString: 'UNKNOWN_METHOD' },
    { faultCode: 2, faultString: 'INCORRECT_PARAMETERS' },
    { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: call is not a struct' },
  ]);
});

test('introspection', async () => {
  assert.deepEqual(await dispatch('system.listMethods', [], ctx), [
    'supervisor.bad',
    'supervisor.boom',
    'supervisor.getState',
    'supervisor.nosig',
    'system.listMethods',
    'system.methodHelp',
    'system.methodSignature',
    'system.multicall',
  ]);
  assert.deepEqual(await dispatch('system.methodSignature', ['supervisor.bad'], ctx), ['boolean', 'string']);
  assert.equal(await dispatch('system.methodHelp', ['supervisor.getState'], ctx), 'state');
  await assert.rejects(dispatch('system.methodHelp', ['nope'], ctx), { faultCode: 4 });
  await assert.rejects(dispatch('system.methodSignature', ['supervisor.nosig'], ctx), { faultCode: 4 });
});

test('lookup rules: two dotted parts, no underscore, parameter count', async () => {
  for (const name of [
    'supervisor',
    'a.b.c',
    'supervisor._x',
    'supervisor.missing',
    'supervisor.constructor',
  ]) {
    await assert.rejects(dispatch(name, [], ctx), { faultCode: 1 }, name);
  }
  await assert.rejects(dispatch('supervisor.getState', [1], ctx), { faultCode: 2 });
  await assert.rejects(dispatch('supervisor.bad', [], ctx), { faultCode: 2 });
  await assert.rejects(dispatch('system.multicall', ['x'], ctx), { faultCode: 2 });
});
