import { test } from 'node:test';
import assert from 'node:assert/strict';
import { enrich, normalSignal, type Rpc } from '../../../src/notify/enrich.js';
import { parseNotifyEvent, type StateEvent } from '../../../src/notify/notify-event.js';
import type { XmlRpcValue } from '../../../src/rpc/xmlrpc-value.js';
import { RpcFault } from '../../../src/rpc/faults.js';

function state(name: string, payload: string): StateEvent {
  const e = parseNotifyEvent(name, payload);
  assert.equal(e.kind, 'state');
  return e as StateEvent;
}

/** An XML-RPC server as a table of answers; a missing method answers NO_FILE. */
function fakeRpc(answers: Record<string, XmlRpcValue>): Rpc & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async call(method, params = []) {
      calls.push(`${method}(${params.map((p) => JSON.stringify(p)).join(',')})`);
      if (method in answers) return answers[method]!;
      throw RpcFault.fromWire(70, 'NO_FILE');
    },
  };
}

const MAIN_LOG = `2026-11-29 14:08:17,143 INFO spawned: 'web' with pid 42
2026-11-29 14:08:19,643 WARN exited: web (terminated by SIGKILL; not expected)
`;

test('under supervisord: exit and uptime from the main log, output from the tail, restarts unknown', async () => {
  const rpc = fakeRpc({
    'supervisor.tailProcessStdoutLog': ['partial line\nline 1\nline 2\n', 5000, true],
    'supervisor.readLog': MAIN_LOG,
  });
  const e = await enrich(
    state('PROCESS_STATE_EXITED', 'processname:web groupname:web from_state:RUNNING expected:0 pid:42'),
    rpc,
  );
  assert.deepEqual(e.exit, { code: null, signal: 'SIGKILL' });
  assert.equal(e.uptimeSeconds, 2.5);
  assert.deepEqual(e.output, { stdout: ['line 1', 'line 2'], stderr: null });
  assert.deepEqual(e.unknown, ['restarts']);
  assert.ok(rpc.calls.includes('supervisor.tailProcessStdoutLog("web",0,8192)'));
});

test('under ours: the payload is exact and the main log is not read', async () => {
  const rpc = fakeRpc({ 'supervisor.tailProcessStdoutLog': ['a\n', 2, false] });
  const e = await enrich(
    state(
      'PROCESS_STATE_EXITED',
      'processname:w groupname:g from_state:RUNNING expected:0 pid:9 restarts:2 exitcode:3 uptime:1.250',
    ),
    rpc,
  );
  assert.deepEqual(
    [e.exit, e.uptimeSeconds, e.restarts, e.unknown],
    [{ code: 3, signal: null }, 1.25, 2, []],
  );
  assert.ok(rpc.calls.every((c) => !c.startsWith('supervisor.readLog')));
  assert.ok(rpc.calls[0]!.includes('"g:w"'));
});

test('a spawn error comes from getProcessInfo, and then no exit is expected', async () => {
  const rpc = fakeRpc({ 'supervisor.getProcessInfo': { spawnerr: "can't find command '/x'" } });
  const e = await enrich(
    state('PROCESS_STATE_BACKOFF', 'processname:x groupname:x from_state:STARTING tries:0'),
    rpc,
  );
  assert.equal(e.spawnError, "can't find command '/x'");
  assert.deepEqual(e.unknown, ['restarts', 'output']);
});

test('without a server everything the payload lacks is unknown', async () => {
  const e = await enrich(
    state('PROCESS_STATE_EXITED', 'processname:w groupname:w from_state:RUNNING expected:0 pid:9'),
    null,
  );
  assert.deepEqual(e.unknown, ['exit', 'uptimeSeconds', 'restarts', 'output']);
});

test('normalSignal', () => {
  const rows: [string, string][] = [
    ['KILL', 'SIGKILL'],
    ['SIGSEGV', 'SIGSEGV'],
    ['term', 'SIGTERM'],
    ['9', '9'],
  ];
  for (const [input, expected] of rows) assert.equal(normalSignal(input), expected);
});
