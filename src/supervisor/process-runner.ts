// Carries out the lifecycle's decisions for one process: spawns the child through the ProcessHost,
// connects its output to the log sinks, turns exits and deadlines into facts, sends signals,
// and reports each state change. The rules themselves live in lifecycle.ts.
import type { Readable, Writable } from 'node:stream';
import type { ProcessConfig } from '../config/model.js';
import { errnoCode, isModulusError } from '../errors/modulus-error.js';
import { AnsiStripper } from '../logs/ansi-stripper.js';
import { capturePipe } from '../logs/pipe-capture.js';
import { CaptureMode } from '../events/capture-mode.js';
import type { CancelTimer, ProcessHost, SpawnedChild } from '../os/process-host.js';
import {
  decide,
  INITIAL_LIFECYCLE,
  type Action,
  type Fact,
  type Lifecycle,
  type LogLevelName,
} from './lifecycle.js';
import type { ProcessState } from './states.js';

/** Where one output stream of a process goes; a LogFile satisfies it. */
export interface OutputSink {
  write(chunk: Buffer): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export interface SpawnPlan {
  readonly file: string;
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly uid: number | null;
  readonly gid: number | null;
  /** The supplementary groups with uid (primary gid first); null keeps ours. */
  readonly groups: readonly number[] | null;
}

export interface TransitionReport {
  readonly process: ProcessRunner;
  readonly from: ProcessState;
  readonly to: ProcessState;
  readonly expected: boolean;
  readonly tries: number;
  /** The lifecycle as of this transition: its exit facts, even when a restart followed at once. */
  readonly lifecycle: Lifecycle;
}

export interface RunnerHooks {
  /** Resolves command, user and environment; throws a ModulusError to fail the spawn. */
  plan(config: ProcessConfig): SpawnPlan;
  /** Sinks for stdout and stderr (null discards), opened on first use and kept across restarts. */
  sink(config: ProcessConfig, stream: 'stdout' | 'stderr'): OutputSink | null;
  /** strip_ansi: remove terminal escape sequences before output is logged. */
  stripAnsi?: boolean;
  /** A message captured between <!--XSUPERVISOR:BEGIN--> and END (capture mode). */
  communication?(runner: ProcessRunner, stream: 'stdout' | 'stderr', message: Buffer): void;
  /** Every byte of output, after it is handed to the sink (log events); valid during the call only. */
  output?(runner: ProcessRunner, stream: 'stdout' | 'stderr', chunk: Buffer): void;
  transition(report: TransitionReport): void;
  log(level: LogLevelName, message: string): void;
  /** Spawns, signals, and keeps the clock and timers. */
  readonly host: ProcessHost;
  /** The descriptor each spawn gets as fd 0 instead of a stdin pipe (the group's FastCGI socket). */
  stdinFd?(): number;
}

/** How long an exit waits for the child's pipes to reach EOF before it is reported anyway. */
const OUTPUT_DRAIN_MS = 200;

export class ProcessRunner {
  private lc: Lifecycle = INITIAL_LIFECYCLE;
  private child: SpawnedChild | null = null;
  private timer: CancelTimer | null = null;
  private spawns = 0;
  /** Start attempts since the supervisor started, failed spawns included (restarts + 1). */
  get spawnCount(): number {
    return this.spawns;
  }
  /** The process group of the last child (it leads its own), kept after it exits. */
  private pgid = 0;
  get lastPgid(): number {
    return this.pgid;
  }
  /** Wall-clock seconds of the last start and stop, as getProcessInfo reports them. */
  startedAtWall = 0;
  stoppedAtWall = 0;
  private readonly waiters = new Set<() => void>();

  constructor(
    public config: ProcessConfig,
    private readonly hooks: RunnerHooks,
  ) {}

  get name(): string {
    return this.config.name;
  }
  get group(): string {
    return this.config.group;
  }
  get state(): ProcessState {
    return this.lc.state;
  }
  get lifecycle(): Lifecycle {
    return this.lc;
  }
  get pid(): number {
    return this.lc.pid;
  }
  get stdin(): Writable | null {
    return this.child?.stdin ?? null;
  }

  start(): void {
    this.apply({ kind: 'start' });
  }

  stop(): void {
    this.apply({ kind: 'stop' });
  }

  /** Sends a signal to the running child; false when there is none. */
  signal(name: string): boolean {
    if (!this.child || this.lc.pid <= 0) return false;
    return this.hooks.host.signal(this.lc.pid, name, false);
  }

  /** Resolves when `done` holds after some state change (checked at once, too). */
  until(done: (state: ProcessState, runner: ProcessRunner) => boolean): Promise<void> {
    if (done(this.lc.state, this)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (done(this.lc.state, this)) {
          this.waiters.delete(check);
          resolve();
        }
      };
      this.waiters.add(check);
    });
  }

  /** Stops and resolves when the process has no child left. */
  async stopAndWait(): Promise<void> {
    this.stop();
    await this.until((s) => s !== 'STOPPING' && s !== 'STARTING' && s !== 'RUNNING');
  }

  private apply(fact: Fact): void {
    const step = decide(this.lc, this.config, fact, this.hooks.host.now());
    this.lc = step.next;
    // supervisord's laststop: the time of the last exit; a start that never ran leaves it alone.
    if (fact.kind === 'exited') this.stoppedAtWall = this.hooks.host.wallClock() / 1000;
    for (const action of step.actions) this.carryOut(action);
    this.schedule();
    for (const waiter of [...this.waiters]) waiter();
  }

  private carryOut(action: Action): void {
    switch (action.kind) {
      case 'transition':
        this.recordWallTime(action.to);
        this.hooks.transition({ process: this, ...action });
        return;
      case 'log':
        this.hooks.log(action.level, action.message);
        return;
      case 'signal':
        this.deliver(action.signal, action.group);
        return;
      case 'spawn':
        this.spawn();
        return;
    }
  }

  private recordWallTime(to: ProcessState): void {
    if (to === 'STARTING') this.startedAtWall = this.hooks.host.wallClock() / 1000;
  }

  private deliver(signal: string, group: boolean): void {
    try {
      this.hooks.host.signal(this.lc.pid, signal, group);
    } catch (err) {
      this.hooks.log(
        'error',
        `could not send SIG${signal} to ${this.name} (pid ${this.lc.pid}): ${String(err)}`,
      );
    }
  }

  private spawn(): void {
    this.spawns++;
    let plan: SpawnPlan;
    try {
      plan = this.hooks.plan(this.config);
    } catch (err) {
      const message = isModulusError(err) ? err.message : String(err);
      // Spawn failures are decided after this step's actions, like supervisord's next loop pass.
      queueMicrotask(() => this.apply({ kind: 'spawn-failed', error: message }));
      return;
    }
    this.hooks.host
      .spawn({
        file: plan.file,
        argv: plan.argv,
        env: plan.env,
        cwd: this.config.directory,
        uid: plan.uid,
        gid: plan.gid,
        groups: plan.groups,
        umask: this.config.umask,
        redirectStderr: this.config.redirectStderr,
        ...(this.hooks.stdinFd ? { stdinFd: this.hooks.stdinFd() } : {}),
      })
      .then(
        (child) => this.onSpawned(child),
        (err: unknown) => this.apply({ kind: 'spawn-failed', error: describeSpawnError(err, plan.file) }),
      );
  }

  private onSpawned(child: SpawnedChild): void {
    this.child = child;
    this.pgid = child.pid;
    const drained = [this.pipe(child.stdout, 'stdout')];
    if (child.stderr) drained.push(this.pipe(child.stderr, 'stderr'));
    child.stdin?.on('error', () => {});
    this.apply({ kind: 'spawned', pid: child.pid });
    void child.exited.then(async ({ code, signal }) => {
      // The exit is reported once its output is read, so a listener asking for the last lines
      // gets them; bounded, since a descendant may hold the pipes open for ever.
      let cancelDrainTimer: CancelTimer = () => {};
      const drainTimeout = new Promise<void>(
        (resolve) => (cancelDrainTimer = this.hooks.host.setTimer(OUTPUT_DRAIN_MS, resolve)),
      );
      await Promise.race([Promise.all(drained), drainTimeout]);
      cancelDrainTimer();
      if (this.child === child) this.child = null;
      this.apply({ kind: 'exited', code, signal });
    });
  }

  private pipe(stream: Readable, name: 'stdout' | 'stderr'): Promise<void> {
    stream.on('error', () => {});
    // capturePipe pauses the pipe while the log drains, so a slow disk slows the child instead of
    // us dropping its output.
    return capturePipe(stream, this.outputFilter(name, this.hooks.sink(this.config, name)), {
      tee: this.hooks.output ? (chunk) => this.hooks.output!(this, name, chunk) : undefined,
    }).done;
  }

  /** The sink behind strip_ansi and capture mode, when either applies. */
  private outputFilter(name: 'stdout' | 'stderr', sink: OutputSink | null): OutputSink | null {
    const stripper = this.hooks.stripAnsi ? new AnsiStripper() : null;
    const maxbytes = this.config[name].captureMaxbytes;
    const capture = maxbytes > 0 ? new CaptureMode(maxbytes) : null;
    if (!stripper && !capture) return sink;
    const write = (raw: Buffer): boolean => {
      let chunk = stripper ? stripper.strip(raw) : raw;
      if (capture) {
        const result = capture.feed(chunk);
        for (const message of result.messages) this.hooks.communication?.(this, name, message);
        if (result.dropped > 0) {
          this.hooks.log(
            'warn',
            `${this.name} ${name}: dropped ${result.dropped} captured bytes over ${name}_capture_maxbytes`,
          );
        }
        chunk = result.log;
      }
      return sink ? sink.write(chunk) : true;
    };
    return { write, once: (event, listener) => (sink ? sink.once(event, listener) : listener()) };
  }

  private schedule(): void {
    this.timer?.();
    this.timer = null;
    const deadline = this.lc.deadline;
    if (deadline === null) return;
    const delay = Math.max(0, deadline - this.hooks.host.now());
    this.timer = this.hooks.host.setTimer(delay + 1, () => {
      this.timer = null;
      this.apply({ kind: 'tick' });
    });
  }

  /** Forgets timers; used when the process is removed. */
  dispose(): void {
    this.timer?.();
    this.timer = null;
  }

  /**
   * SIGKILLs what is left of the process's group: the child itself if it still runs, and any
   * descendant that stayed in its group after it exited. supervisord leaves those behind; we do
   * not let a program's processes outlive the supervisor. Returns whether anything was left.
   */
  killGroup(): boolean {
    if (!this.hooks.host.groupAlive(this.pgid)) return false;
    try {
      this.hooks.host.signal(this.pgid, 'KILL', true);
    } catch {
      // Gone in between.
    }
    return true;
  }
}

function describeSpawnError(err: unknown, file: string): string {
  const code = errnoCode(err);
  // A helper the spawn needed (setpriv for user= groups, prlimit, sh) rather than the program.
  const helper = (err as { path?: unknown } | null)?.path;
  if (typeof helper === 'string' && helper !== file) {
    return `couldn't exec ${file}: ${helper} is needed to start it: ${code ?? String(err)}`;
  }
  if (code === 'ENOENT') return `can't find command '${file}'`;
  if (code === 'EACCES') return `command at '${file}' is not executable`;
  return `couldn't exec ${file}: ${code ?? String(err)}`;
}
