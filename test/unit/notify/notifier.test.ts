import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Notifier } from '../../../src/notify/notifier.js';
import { NO_EVIDENCE } from '../../../src/notify/oom-evidence.js';
import type { MemoryFacts, NotificationRecord } from '../../../src/notify/record.js';

function harness(oomAfter = 0) {
  const written: NotificationRecord[] = [];
  const observed: string[] = [];
  const memory: MemoryFacts = {
    ...NO_EVIDENCE,
    evidence: 'cgroup-v2:memory.events',
    cgroup: '/',
    oomKillsBefore: 0,
    oomKillsAfter: oomAfter,
    limitBytes: 1024,
    peakBytes: 1000,
  };
  const n = new Notifier({
    writer: { write: (r) => (written.push(r), `f${written.length}`) },
    rpc: null,
    coalesceMs: 0,
    host: 'box',
    clock: () => Date.UTC(2026, 10, 29),
    oom: { observe: (p, pid) => void observed.push(`${p}:${pid}`), check: () => memory },
  });
  return { n, written, observed };
}

test('an unexpected exit under our supervisor becomes an exact crash record', async () => {
  const h = harness();
  await h.n.handle(
    'PROCESS_STATE_RUNNING',
    'processname:web groupname:web from_state:STARTING pid:42 restarts:0',
  );
  await h.n.handle(
    'PROCESS_STATE_EXITED',
    'processname:web groupname:web from_state:RUNNING expected:0 pid:42 restarts:0 exitcode:2 uptime:3.000',
  );
  assert.deepEqual(h.observed, ['web:web:42']);
  assert.equal(h.written.length, 1);
  const r = h.written[0]!;
  assert.deepEqual(
    [
      r.type,
      r.supervisor,
      r.time,
      r.hostname,
      r.pid,
      r.exit,
      r.expected,
      r.uptimeSeconds,
      r.restarts,
      r.unknown,
    ],
    [
      'crash',
      'modulus',
      '2026-11-29T00:00:00.000Z',
      'box',
      42,
      { code: 2, signal: null },
      false,
      3,
      0,
      ['output'],
    ],
  );
  assert.equal(r.memory?.evidence, 'cgroup-v2:memory.events');
});

test('SIGKILL with the OOM counter up is oom; expected exits and stops are nothing', async () => {
  const h = harness(1);
  await h.n.handle(
    'PROCESS_STATE_EXITED',
    'processname:w groupname:w from_state:RUNNING expected:0 pid:5 restarts:1 signal:KILL uptime:1.000',
  );
  await h.n.handle(
    'PROCESS_STATE_EXITED',
    'processname:w groupname:w from_state:RUNNING expected:1 pid:6 restarts:1 exitcode:0 uptime:1.000',
  );
  await h.n.handle('PROCESS_STATE_STOPPED', 'processname:w groupname:w from_state:STOPPING pid:7');
  assert.deepEqual(
    h.written.map((r) => [r.type, r.exit.signal, r.memory?.limitBytes]),
    [['oom', 'SIGKILL', 1024]],
  );
});

test('fatal and log-loss records', async () => {
  const h = harness();
  await h.n.handle('PROCESS_STATE_FATAL', 'processname:w groupname:w from_state:BACKOFF restarts:3');
  const loss = {
    program: 'w',
    group: 'w',
    path: '/l',
    bytes: 9,
    since: 'a',
    until: 'b',
    error: 'ENOSPC',
    message: 'm',
  };
  await h.n.handle('REMOTE_COMMUNICATION', `type:modulus-log-loss\n${JSON.stringify(loss)}`);
  assert.deepEqual(
    h.written.map((r) => r.type),
    ['fatal', 'log-loss'],
  );
  assert.equal(h.written[0]!.expected, false);
  assert.equal(h.written[0]!.memory, null);
  assert.deepEqual(h.written[1]!.logLoss, {
    path: '/l',
    bytes: 9,
    since: 'a',
    until: 'b',
    error: 'ENOSPC',
    message: 'm',
  });
});
