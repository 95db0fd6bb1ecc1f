// The per-process state machine as a pure function: given the current lifecycle, the
// program's policy, a fact (a request, a spawn result, an exit, a deadline) and the time, it
// returns the next lifecycle and the actions to carry out. No timers, processes or I/O here:
// src/supervisor/process-runner.ts carries the actions out. Rules follow supervisord 4's
// process.py (startsecs, BACKOFF with a delay of one more second per try, FATAL after
// startretries, autorestart with exitcodes, stopsignal then SIGKILL after stopwaitsecs).
import type { ProcessConfig } from '../config/model.js';
import { isLegalTransition, type ProcessState } from './states.js';

export type LifecyclePolicy = Pick<
  ProcessConfig,
  | 'name'
  | 'startsecs'
  | 'startretries'
  | 'autorestart'
  | 'exitcodes'
  | 'stopsignal'
  | 'stopwaitsecs'
  | 'stopasgroup'
  | 'killasgroup'
  | 'crashLoop'
>;

export interface Lifecycle {
  readonly state: ProcessState;
  /** Consecutive failed starts: supervisord's `backoff`, reported as `tries` in events. */
  readonly backoff: number;
  /** Consecutive short runs after RUNNING (crash-loop extension). */
  readonly crashes: number;
  /** Monotonic ms at which the next timed decision is due, or null. */
  readonly deadline: number | null;
  readonly pid: number;
  readonly startedAt: number;
  readonly stoppedAt: number;
  /** A stop was requested and its signal sent. */
  readonly killing: boolean;
  readonly sentKill: boolean;
  /** EXITED, waiting for a crash-loop delay before restarting. */
  readonly restartPending: boolean;
  readonly exitStatus: number | null;
  readonly exitSignal: string | null;
  readonly expectedExit: boolean;
  readonly spawnError: string;
}

export type Fact =
  | { readonly kind: 'start' }
  | { readonly kind: 'stop' }
  | { readonly kind: 'spawned'; readonly pid: number }
  | { readonly kind: 'spawn-failed'; readonly error: string }
  | { readonly kind: 'exited'; readonly code: number | null; readonly signal: string | null }
  | { readonly kind: 'tick' };

export type LogLevelName = 'info' | 'warn' | 'error' | 'debug';

export type Action =
  | { readonly kind: 'spawn' }
  | { readonly kind: 'signal'; readonly signal: string; readonly group: boolean }
  | {
      readonly kind: 'transition';
      readonly from: ProcessState;
      readonly to: ProcessState;
      readonly expected: boolean;
      readonly tries: number;
      /** The lifecycle as it was at this transition (a later one in the same step may reset exit facts). */
      readonly lifecycle: Lifecycle;
    }
  | { readonly kind: 'log'; readonly level: LogLevelName; readonly message: string };

export interface Step {
  readonly next: Lifecycle;
  readonly actions: readonly Action[];
}

export const INITIAL_LIFECYCLE: Lifecycle = Object.freeze({
  state: 'STOPPED',
  backoff: 0,
  crashes: 0,
  deadline: null,
  pid: 0,
  startedAt: 0,
  stoppedAt: 0,
  killing: false,
  sentKill: false,
  restartPending: false,
  exitStatus: null,
  exitSignal: null,
  expectedExit: true,
  spawnError: '',
});

export class IllegalTransitionError extends Error {
  constructor(name: string, from: ProcessState, to: ProcessState) {
    super(`process ${name}: illegal transition ${from} -> ${to}`);
  }
}

/** Accumulates the next lifecycle and actions; every state change goes through `to()`. */
class StepBuilder {
  lc: Lifecycle;
  readonly actions: Action[] = [];
  constructor(
    lc: Lifecycle,
    private readonly policy: LifecyclePolicy,
  ) {
    this.lc = lc;
  }
  set(patch: Partial<Lifecycle>): this {
    this.lc = { ...this.lc, ...patch };
    return this;
  }
  to(state: ProcessState, expected = true): this {
    const from = this.lc.state;
    if (!isLegalTransition(from, state)) throw new IllegalTransitionError(this.policy.name, from, state);
    this.lc = { ...this.lc, state };
    this.actions.push({
      kind: 'transition',
      from,
      to: state,
      expected,
      tries: this.lc.backoff,
      lifecycle: this.lc,
    });
    return this;
  }
  do(action: Action): this {
    this.actions.push(action);
    return this;
  }
  log(level: LogLevelName, message: string): this {
    return this.do({ kind: 'log', level, message });
  }
  done(): Step {
    return { next: this.lc, actions: this.actions };
  }
}

export function decide(lc: Lifecycle, policy: LifecyclePolicy, fact: Fact, now: number): Step {
  const b = new StepBuilder(lc, policy);
  switch (fact.kind) {
    case 'start':
      return onStartRequested(b).done();
    case 'stop':
      return onStopRequested(b, policy, now).done();
    case 'spawned':
      return onSpawned(b, policy, fact.pid, now).done();
    case 'spawn-failed':
      return onSpawnFailed(b, policy, fact.error, now).done();
    case 'exited':
      // supervisord reaps (logging the exit) before it logs the SIGCHLD that woke it.
      return onExited(b, policy, fact.code, fact.signal, now)
        .log('debug', 'received SIGCHLD indicating a child quit')
        .done();
    case 'tick':
      return onDeadline(b, policy, now).done();
  }
}

/** The next deadline-driven fact is due at `deadline`; callers schedule one timer for it. */
export function nextDeadline(lc: Lifecycle): number | null {
  return lc.deadline;
}

// STOPPED|EXITED|FATAL|BACKOFF -> STARTING: spawn (supervisord's spawn()).
function onStartRequested(b: StepBuilder): StepBuilder {
  const { state } = b.lc;
  if (state === 'STOPPED' || state === 'EXITED' || state === 'FATAL' || state === 'BACKOFF') {
    if (state !== 'BACKOFF') b.set({ backoff: state === 'FATAL' ? 0 : b.lc.backoff });
    return b
      .set({
        restartPending: false,
        deadline: null,
        spawnError: '',
        killing: false,
        sentKill: false,
        exitStatus: null,
        exitSignal: null,
      })
      .to('STARTING')
      .do({ kind: 'spawn' });
  }
  return b;
}

// STARTING|RUNNING -> STOPPING: send stopsignal, SIGKILL after stopwaitsecs.
// BACKOFF -> STOPPED: nothing runs, so nothing to signal.
function onStopRequested(b: StepBuilder, p: LifecyclePolicy, now: number): StepBuilder {
  const { state } = b.lc;
  if (state === 'STARTING' || state === 'RUNNING') {
    return b
      .set({ killing: true, sentKill: false, deadline: now + p.stopwaitsecs * 1000 })
      .to('STOPPING')
      .log('debug', `killing ${p.name} (pid ${b.lc.pid}) with signal SIG${p.stopsignal}`)
      .do({ kind: 'signal', signal: p.stopsignal, group: p.stopasgroup });
  }
  if (state === 'BACKOFF') return b.set({ deadline: null, stoppedAt: now }).to('STOPPED');
  if (state === 'EXITED' && b.lc.restartPending) return b.set({ restartPending: false, deadline: null });
  return b;
}

// STARTING: the child exists. With startsecs=0 it is RUNNING at once.
function onSpawned(b: StepBuilder, p: LifecyclePolicy, pid: number, now: number): StepBuilder {
  b.set({ pid, startedAt: now, exitStatus: null, exitSignal: null, spawnError: '' });
  b.log('info', `spawned: '${p.name}' with pid ${pid}`);
  if (p.startsecs === 0) return onRunning(b, p);
  return b.set({ deadline: now + p.startsecs * 1000 });
}

// STARTING -> BACKOFF (-> FATAL after startretries): supervisord's _spawn_failed / give_up.
function onSpawnFailed(b: StepBuilder, p: LifecyclePolicy, error: string, now: number): StepBuilder {
  b.set({ spawnError: error, pid: 0 }).log('info', `spawnerr: ${error}`);
  return onStartFailed(b, p, now);
}

function onStartFailed(b: StepBuilder, p: LifecyclePolicy, now: number): StepBuilder {
  const backoff = b.lc.backoff + 1;
  b.set({ backoff, deadline: now + backoff * 1000 }).to('BACKOFF', false);
  if (backoff > p.startretries) {
    b.set({ backoff: 0, deadline: null })
      .to('FATAL', false)
      .log('info', `gave up: ${p.name} entered FATAL state, too many start retries too quickly`);
  }
  return b;
}

// STARTING -> RUNNING once startsecs have passed; the failed-start count resets.
function onRunning(b: StepBuilder, p: LifecyclePolicy): StepBuilder {
  b.set({ backoff: 0, deadline: null }).to('RUNNING');
  return b.log(
    'info',
    `success: ${p.name} entered RUNNING state, process has stayed up for > than ${p.startsecs} seconds (startsecs)`,
  );
}

function onExited(
  b: StepBuilder,
  p: LifecyclePolicy,
  code: number | null,
  signal: string | null,
  now: number,
): StepBuilder {
  const { state, startedAt } = b.lc;
  const expected = signal === null && code !== null && p.exitcodes.includes(code);
  const how = signal === null ? `exit status ${code ?? 'unknown'}` : `terminated by SIG${signal}`;
  b.set({ pid: 0, stoppedAt: now, exitStatus: code, exitSignal: signal, expectedExit: expected });

  // STOPPING -> STOPPED: the exit we asked for.
  if (state === 'STOPPING') {
    return b
      .set({ killing: false, sentKill: false, deadline: null })
      .to('STOPPED')
      .log('info', `stopped: ${p.name} (${how})`);
  }
  // STARTING -> BACKOFF: exited before startsecs ("exited too quickly").
  if (state === 'STARTING' && now - startedAt < p.startsecs * 1000) {
    b.set({ spawnError: 'Exited too quickly (process log may have details)' });
    b.log('info', `exited: ${p.name} (${how}; not expected)`);
    return onStartFailed(b, p, now);
  }
  // STARTING -> RUNNING -> EXITED: startsecs passed before we noticed.
  if (state === 'STARTING') onRunning(b, p);
  if (b.lc.state !== 'RUNNING') {
    return b.log('warn', `exit of ${p.name} (${how}) ignored in state ${b.lc.state}`);
  }
  b.set({ deadline: null }).to('EXITED', expected);
  b.log('info', `exited: ${p.name} (${how}; ${expected ? 'expected' : 'not expected'})`);
  return onAutorestart(b, p, expected, now - startedAt, now);
}

// EXITED -> STARTING per autorestart; with the crash-loop extension, after a growing delay.
function onAutorestart(b: StepBuilder, p: LifecyclePolicy, expected: boolean, uptimeMs: number, now: number) {
  const restart = p.autorestart === true || (p.autorestart === 'unexpected' && !expected);
  if (!restart) return b;
  const loop = p.crashLoop;
  if (!loop.enabled) return onStartRequested(b);
  const crashes = uptimeMs >= loop.resetSecs * 1000 ? 1 : b.lc.crashes + 1;
  b.set({ crashes });
  if (loop.giveUp > 0 && crashes > loop.giveUp) {
    return b
      .set({ crashes: 0 })
      .to('FATAL', false)
      .log(
        'warn',
        `gave up: ${p.name} entered FATAL state, exited ${crashes} times within ${loop.resetSecs}s of starting`,
      );
  }
  const delayMs = crashes <= 1 ? 0 : Math.min(2 ** (crashes - 2), loop.maxDelaySecs) * 1000;
  if (delayMs === 0) return onStartRequested(b).set({ crashes });
  b.log('info', `crash loop: ${p.name} restarts in ${delayMs / 1000}s (crash ${crashes} in a row)`);
  return b.set({ restartPending: true, deadline: now + delayMs });
}

function onDeadline(b: StepBuilder, p: LifecyclePolicy, now: number): StepBuilder {
  const { state, deadline } = b.lc;
  if (deadline === null || now < deadline) return b;
  switch (state) {
    case 'STARTING':
      return onRunning(b, p);
    case 'BACKOFF':
      return onStartRequested(b);
    case 'EXITED':
      return b.lc.restartPending
        ? onStartRequested(b).set({ crashes: b.lc.crashes })
        : b.set({ deadline: null });
    case 'STOPPING':
      // STOPPING, stopwaitsecs passed: SIGKILL (killasgroup decides the target).
      if (b.lc.sentKill) return b.set({ deadline: null });
      return b
        .set({ sentKill: true, deadline: null })
        .log('warn', `killing '${p.name}' (${b.lc.pid}) with SIGKILL`)
        .do({ kind: 'signal', signal: 'KILL', group: p.killasgroup });
    default:
      return b.set({ deadline: null });
  }
}
