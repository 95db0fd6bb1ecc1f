// Steps the process state machine with a fake clock, without processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decide,
  INITIAL_LIFECYCLE,
  IllegalTransitionError,
  type Fact,
  type Lifecycle,
  type LifecyclePolicy,
} from '../../../src/supervisor/lifecycle.js';

const POLICY: LifecyclePolicy = {
  name: 'web',
  startsecs: 1,
  startretries: 3,
  autorestart: 'unexpected',
  exitcodes: [0],
  stopsignal: 'TERM',
  stopwaitsecs: 10,
  stopasgroup: false,
  killasgroup: false,
  crashLoop: { enabled: false, maxDelaySecs: 60, resetSecs: 60, giveUp: 0 },
};

/** Feeds facts in order at the given times; returns the last lifecycle and every action. */
function run(policy: LifecyclePolicy, facts: Array<[number, Fact]>, from: Lifecycle = INITIAL_LIFECYCLE) {
  let lc = from;
  const actions = [];
  const states: string[] = [];
  for (const [now, fact] of facts) {
    const step = decide(lc, policy, fact, now);
    lc = step.next;
    actions.push(...step.actions);
    for (const a of step.actions) if (a.kind === 'transition') states.push(a.to);
  }
  return { lc, actions, states };
}

test('start spawns, and startsecs later the process is RUNNING with backoff reset', () => {
  const { lc, states, actions } = run(POLICY, [
    [0, { kind: 'start' }],
    [5, { kind: 'spawned', pid: 42 }],
    [1004, { kind: 'tick' }],
    [1005, { kind: 'tick' }],
  ]);
  assert.deepEqual(states, ['STARTING', 'RUNNING']);
  assert.equal(lc.pid, 42);
  assert.equal(lc.backoff, 0);
  assert.ok(actions.some((a) => a.kind === 'spawn'));
});

test('startsecs=0 is RUNNING as soon as the child exists', () => {
  const { states } = run({ ...POLICY, startsecs: 0 }, [
    [0, { kind: 'start' }],
    [1, { kind: 'spawned', pid: 7 }],
  ]);
  assert.deepEqual(states, ['STARTING', 'RUNNING']);
});

test('exiting before startsecs backs off 1s, 2s, 3s and is FATAL after startretries', () => {
  const facts: Array<[number, Fact]> = [[0, { kind: 'start' }]];
  let t = 0;
  const deadlines: number[] = [];
  let lc = INITIAL_LIFECYCLE;
  const all: string[] = [];
  for (const [now, fact] of facts) lc = decide(lc, POLICY, fact, now).next;
  for (let attempt = 1; attempt <= 4; attempt++) {
    lc = decide(lc, POLICY, { kind: 'spawned', pid: attempt }, t).next;
    const step = decide(lc, POLICY, { kind: 'exited', code: 1, signal: null }, t + 100);
    lc = step.next;
    for (const a of step.actions) if (a.kind === 'transition') all.push(`${a.to}:${a.tries}`);
    if (lc.state === 'FATAL') break;
    deadlines.push(lc.deadline! - (t + 100));
    t = lc.deadline!;
    assert.equal(
      decide(lc, POLICY, { kind: 'tick' }, t - 1).next.state,
      'BACKOFF',
      'no retry before the delay',
    );
    lc = decide(lc, POLICY, { kind: 'tick' }, t).next;
    assert.equal(lc.state, 'STARTING');
  }
  assert.deepEqual(deadlines, [1000, 2000, 3000]);
  assert.deepEqual(all, ['BACKOFF:1', 'BACKOFF:2', 'BACKOFF:3', 'BACKOFF:4', 'FATAL:0']);
  assert.equal(lc.spawnError, 'Exited too quickly (process log may have details)');
});

test('a spawn error goes through BACKOFF to FATAL, keeping the reason', () => {
  const facts: Array<[number, Fact]> = [[0, { kind: 'start' }]];
  for (let i = 1; i <= 4; i++) {
    facts.push([i * 10_000, { kind: 'spawn-failed', error: "can't find command 'nope'" }]);
    facts.push([i * 10_000 + 5000, { kind: 'tick' }]);
  }
  const { lc, states } = run(POLICY, facts);
  assert.equal(lc.state, 'FATAL');
  assert.equal(states.filter((s) => s === 'BACKOFF').length, 4);
  assert.equal(lc.spawnError, "can't find command 'nope'");
});

const running = run(POLICY, [
  [0, { kind: 'start' }],
  [0, { kind: 'spawned', pid: 9 }],
  [1000, { kind: 'tick' }],
]).lc;

const AUTORESTART_CASES: Array<[LifecyclePolicy['autorestart'], number | null, string | null, string[]]> = [
  ['unexpected', 0, null, ['EXITED']],
  ['unexpected', 2, null, ['EXITED', 'STARTING']],
  ['unexpected', null, 'KILL', ['EXITED', 'STARTING']],
  [true, 0, null, ['EXITED', 'STARTING']],
  [false, 2, null, ['EXITED']],
];
for (const [autorestart, code, signal, expected] of AUTORESTART_CASES) {
  test(`autorestart=${autorestart}: exit ${code ?? 'SIG' + signal} after RUNNING gives ${expected.join(' -> ')}`, () => {
    const step = decide(running, { ...POLICY, autorestart }, { kind: 'exited', code, signal }, 60_000);
    const states = step.actions.flatMap((a) => (a.kind === 'transition' ? [a.to] : []));
    assert.deepEqual(states, expected);
    const exited = step.actions.find((a) => a.kind === 'transition' && a.to === 'EXITED');
    assert.equal(exited?.kind === 'transition' && exited.expected, code === 0 && signal === null);
    // The EXITED transition keeps how the process ended, though the restart in the same step resets it.
    assert.ok(exited?.kind === 'transition');
    assert.equal(exited.lifecycle.exitStatus, code);
    assert.equal(exited.lifecycle.exitSignal, signal);
  });
}

test('exitcodes decides which exits are expected', () => {
  const step = decide(
    running,
    { ...POLICY, exitcodes: [0, 2] },
    { kind: 'exited', code: 2, signal: null },
    5000,
  );
  assert.equal(step.next.state, 'EXITED');
  assert.equal(step.next.expectedExit, true);
});

test('an exit noticed after startsecs while still STARTING goes STARTING -> RUNNING -> EXITED', () => {
  const starting = run(POLICY, [
    [0, { kind: 'start' }],
    [0, { kind: 'spawned', pid: 3 }],
  ]).lc;
  const step = decide(
    starting,
    { ...POLICY, autorestart: false },
    { kind: 'exited', code: 0, signal: null },
    1500,
  );
  assert.deepEqual(
    step.actions.flatMap((a) => (a.kind === 'transition' ? [a.to] : [])),
    ['RUNNING', 'EXITED'],
  );
});

test('stop sends stopsignal, then SIGKILL after stopwaitsecs, then STOPPED on exit', () => {
  const policy = { ...POLICY, stopsignal: 'INT', stopasgroup: true, killasgroup: true, stopwaitsecs: 2 };
  const s1 = decide(running, policy, { kind: 'stop' }, 10_000);
  assert.equal(s1.next.state, 'STOPPING');
  assert.deepEqual(
    s1.actions.find((a) => a.kind === 'signal'),
    { kind: 'signal', signal: 'INT', group: true },
  );
  assert.equal(decide(s1.next, policy, { kind: 'tick' }, 11_999).actions.length, 0);
  const s2 = decide(s1.next, policy, { kind: 'tick' }, 12_000);
  assert.deepEqual(
    s2.actions.find((a) => a.kind === 'signal'),
    { kind: 'signal', signal: 'KILL', group: true },
  );
  const s3 = decide(s2.next, policy, { kind: 'exited', code: null, signal: 'KILL' }, 12_050);
  assert.equal(s3.next.state, 'STOPPED');
  assert.equal(s3.next.pid, 0);
});

test('stop in BACKOFF goes straight to STOPPED; stop when STOPPED does nothing', () => {
  const backoff = run(POLICY, [
    [0, { kind: 'start' }],
    [0, { kind: 'spawned', pid: 1 }],
    [10, { kind: 'exited', code: 1, signal: null }],
  ]).lc;
  assert.equal(backoff.state, 'BACKOFF');
  const step = decide(backoff, POLICY, { kind: 'stop' }, 20);
  assert.equal(step.next.state, 'STOPPED');
  assert.equal(step.next.deadline, null);
  assert.equal(decide(INITIAL_LIFECYCLE, POLICY, { kind: 'stop' }, 0).actions.length, 0);
});

test('a stopped process is not restarted by autorestart=true', () => {
  const s1 = decide(running, { ...POLICY, autorestart: true }, { kind: 'stop' }, 100);
  const s2 = decide(
    s1.next,
    { ...POLICY, autorestart: true },
    { kind: 'exited', code: 0, signal: null },
    150,
  );
  assert.equal(s2.next.state, 'STOPPED');
  assert.ok(!s2.actions.some((a) => a.kind === 'spawn'));
});

test('FATAL can be started again by request', () => {
  const fatal: Lifecycle = { ...INITIAL_LIFECYCLE, state: 'FATAL' };
  const step = decide(fatal, POLICY, { kind: 'start' }, 0);
  assert.equal(step.next.state, 'STARTING');
  assert.equal(step.next.backoff, 0);
});

test('the transition table rejects an illegal edge, naming the process', () => {
  const exited: Lifecycle = { ...INITIAL_LIFECYCLE, state: 'STOPPED', pid: 5 };
  // An exit reported for a STOPPED process is logged, never a transition.
  const step = decide(exited, POLICY, { kind: 'exited', code: 0, signal: null }, 0);
  assert.ok(!step.actions.some((a) => a.kind === 'transition'));
  assert.ok(new IllegalTransitionError('web', 'STOPPED', 'RUNNING').message.includes('web'));
});

test('crash-loop extension: restarts at once, then waits 1s, 2s, 4s, capped, and resets after a stable run', () => {
  const policy: LifecyclePolicy = {
    ...POLICY,
    autorestart: true,
    crashLoop: { enabled: true, maxDelaySecs: 3, resetSecs: 30, giveUp: 0 },
  };
  let lc = running;
  let t = 2000;
  const delays: number[] = [];
  for (let i = 0; i < 5; i++) {
    const step = decide(lc, policy, { kind: 'exited', code: 1, signal: null }, t);
    lc = step.next;
    if (lc.state === 'STARTING') delays.push(0);
    else {
      assert.equal(lc.state, 'EXITED');
      delays.push(lc.deadline! - t);
      t = lc.deadline!;
      lc = decide(lc, policy, { kind: 'tick' }, t).next;
      assert.equal(lc.state, 'STARTING');
    }
    lc = decide(lc, policy, { kind: 'spawned', pid: 100 + i }, t).next;
    t += 1000;
    lc = decide(lc, policy, { kind: 'tick' }, t).next;
    assert.equal(lc.state, 'RUNNING');
  }
  assert.deepEqual(delays, [0, 1000, 2000, 3000, 3000]);
  // A run longer than crashloop_reset_secs forgets the earlier crashes.
  const step = decide(lc, policy, { kind: 'exited', code: 1, signal: null }, t + 31_000);
  assert.equal(step.next.state, 'STARTING');
  assert.equal(step.next.crashes, 1);
});

test('crash-loop extension: gives up to FATAL after crashloop_giveup quick crashes', () => {
  const policy: LifecyclePolicy = {
    ...POLICY,
    autorestart: true,
    crashLoop: { enabled: true, maxDelaySecs: 1, resetSecs: 30, giveUp: 2 },
  };
  let lc = { ...running, crashes: 2 };
  const step = decide(lc, policy, { kind: 'exited', code: 1, signal: null }, 3000);
  lc = step.next;
  assert.equal(lc.state, 'FATAL');
});

test('stop cancels a pending crash-loop restart', () => {
  const pending: Lifecycle = { ...INITIAL_LIFECYCLE, state: 'EXITED', restartPending: true, deadline: 5000 };
  const step = decide(pending, POLICY, { kind: 'stop' }, 100);
  assert.equal(step.next.restartPending, false);
  assert.equal(decide(step.next, POLICY, { kind: 'tick' }, 6000).next.state, 'EXITED');
});
