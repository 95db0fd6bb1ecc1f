// A ProcessHost without processes, for unit tests of what drives one: every spawn is recorded and
// answered by the test (a pid, or an errno error), exits are delivered by hand, signals are
// recorded, and the clock moves only when the test advances it (firing due timers in order).
import { PassThrough } from 'node:stream';
import type { ExitStatus, ProcessHost, SpawnedChild, SpawnSpec } from '../../src/os/process-host.js';

export interface FakeChild {
  readonly spec: SpawnSpec;
  readonly pid: number;
  readonly stdout: PassThrough;
  readonly stderr: PassThrough;
  /** Ends the output pipes (unless a descendant is to hold them) and reports the exit. */
  exit(status: ExitStatus, options?: { pipesOpen?: boolean }): void;
}

interface Timer {
  readonly at: number;
  readonly fire: () => void;
  cancelled: boolean;
}

export class FakeProcessHost implements ProcessHost {
  /** Every spawn asked for, answered or not. */
  readonly spawns: SpawnSpec[] = [];
  readonly children: FakeChild[] = [];
  /** [pid, signal, group] per signal sent. */
  readonly signals: Array<[number, string, boolean]> = [];
  /** Answers the next spawns in order: an errno code fails the spawn, 'ok' starts a child. */
  readonly script: Array<'ok' | 'ENOENT' | 'EACCES' | 'EAGAIN'> = [];
  private clock = 0;
  private nextPid = 100;
  private timers: Timer[] = [];

  spawn(spec: SpawnSpec): Promise<SpawnedChild> {
    this.spawns.push(spec);
    const answer = this.script.shift() ?? 'ok';
    if (answer !== 'ok') {
      const err = Object.assign(new Error(`spawn ${spec.file} ${answer}`), { code: answer });
      return Promise.reject(err);
    }
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let report!: (status: ExitStatus) => void;
    const exited = new Promise<ExitStatus>((resolve) => (report = resolve));
    const pid = this.nextPid++;
    this.children.push({
      spec,
      pid,
      stdout,
      stderr,
      exit: (status, options) => {
        if (!options?.pipesOpen) {
          stdout.end();
          stderr.end();
        }
        report(status);
      },
    });
    return Promise.resolve({ pid, stdin: new PassThrough(), stdout, stderr, exited });
  }

  signal(pid: number, signal: string, group: boolean): boolean {
    this.signals.push([pid, signal, group]);
    return true;
  }

  /** Sockets asked for; each gets a made-up descriptor. */
  readonly sockets: Array<{ fd: number; closed: boolean }> = [];

  listen(): { fd: number; close(): void } {
    const socket = { fd: 50 + this.sockets.length, closed: false };
    this.sockets.push(socket);
    return { fd: socket.fd, close: () => (socket.closed = true) };
  }

  groupAlive(): boolean {
    return false;
  }

  now(): number {
    return this.clock;
  }

  wallClock(): number {
    return 1_700_000_000_000 + this.clock;
  }

  setTimer(ms: number, fire: () => void): () => void {
    const timer: Timer = { at: this.clock + ms, fire, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Timers not yet fired or cancelled. */
  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves the clock forward, firing each timer that comes due, earliest first. */
  async advance(ms: number): Promise<void> {
    const until = this.clock + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((t) => !t.cancelled && t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.clock = due.at;
      due.cancelled = true;
      due.fire();
    }
    this.clock = until;
    await settle();
  }
}

/** Lets promise callbacks and stream events queued so far run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}
