// The shared bench harness: runs a supervisor (ours or Debian's supervisord) on a config in a temp dir,
// watches its log file and /proc, and stops it by the pid it started. No control API is used.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPERVISOR_NODE_FLAGS } from '../src/supervisor/node-flags.js';

export type Kind = 'modulus' | 'supervisord';
export const KINDS: readonly Kind[] = ['modulus', 'supervisord'];
export const LABEL: Record<Kind, string> = { modulus: 'modulus (ours)', supervisord: 'supervisord 4.2.5' };

export const MODULUS_BIN = fileURLToPath(new URL('../../dist/modulus.js', import.meta.url));
export const SUPERVISORD_BIN = '/usr/bin/supervisord';

/** Wall-clock time in ms with sub-ms precision, comparable with `date +%s%N` in a child. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

const liveDirs = new Set<string>();
const liveSupervisors = new Set<Supervisor>();

export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `modulus-bench-${prefix}-`));
  liveDirs.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
}

/** Last-resort cleanup (Ctrl-C, a thrown error): kill what we started, remove what we made. */
export function cleanupAll(): void {
  for (const sup of liveSupervisors) sup.killHard();
  for (const dir of liveDirs) fs.rmSync(dir, { recursive: true, force: true });
  liveDirs.clear();
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
}

/** Polls `condition` until it returns a truthy value; undefined on timeout (a bench reports timeouts, it does not throw). */
export async function pollUntil<T>(
  condition: () => T | undefined | null | false | 0 | '',
  { timeoutMs, intervalMs = 10 }: WaitOptions,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** `YYYY-MM-DD HH:MM:SS,mmm` at the start of a supervisor log line, as epoch ms (local time, as both write it). */
export function logLineTime(line: string): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d),(\d{3})/.exec(line);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s, ms] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
}

/** The common [supervisord] section: every file the supervisor writes stays in `dir`. */
export function supervisordSection(dir: string): string {
  return [
    '[supervisord]',
    `logfile=${path.join(dir, 'supervisord.log')}`,
    `pidfile=${path.join(dir, 'supervisord.pid')}`,
    `childlogdir=${dir}`,
    'loglevel=info',
    'minfds=4096',
    '',
  ].join('\n');
}

export class Supervisor {
  readonly logFile: string;
  readonly startedAt: number;
  private readonly child: ChildProcess;
  private exitedAt: number | undefined;
  private readonly exited: Promise<void>;
  private logCache = '';

  private constructor(
    readonly kind: Kind,
    readonly dir: string,
    configBody: string,
    bin = MODULUS_BIN,
  ) {
    const configFile = path.join(dir, 'supervisord.conf');
    fs.writeFileSync(configFile, supervisordSection(dir) + configBody);
    this.logFile = path.join(dir, 'supervisord.log');
    const out = fs.openSync(path.join(dir, 'supervisor.out'), 'w');
    const [cmd, args] =
      kind === 'modulus'
        ? [process.execPath, [...SUPERVISOR_NODE_FLAGS, bin, 'supervisord', '-n', '-c', configFile]]
        : [SUPERVISORD_BIN, ['-n', '-c', configFile]];
    this.startedAt = nowMs();
    this.child = spawn(cmd, args, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    this.exited = new Promise((resolve) =>
      this.child.on('exit', () => {
        this.exitedAt = nowMs();
        liveSupervisors.delete(this);
        resolve();
      }),
    );
    liveSupervisors.add(this);
  }

  /** `bin` runs another bundle of ours (a baseline build) instead of dist/modulus.js. */
  static start(kind: Kind, dir: string, configBody: string, bin?: string): Supervisor {
    return new Supervisor(kind, dir, configBody, bin);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitedAt === undefined;
  }

  /** The supervisor's main log so far. */
  log(): string {
    try {
      this.logCache = fs.readFileSync(this.logFile, 'utf8');
    } catch {
      // not created yet
    }
    return this.logCache;
  }

  logLines(pattern: RegExp): string[] {
    return this.log()
      .split('\n')
      .filter((line) => pattern.test(line));
  }

  /** Waits until `count` lines match; returns them, or undefined at the deadline. */
  waitForLines(pattern: RegExp, count: number, options: WaitOptions): Promise<string[] | undefined> {
    return pollUntil(() => {
      const lines = this.logLines(pattern);
      return lines.length >= count && lines;
    }, options);
  }

  /** The last line the supervisor printed on stdout or stderr: the reason, when it failed. */
  lastOutput(): string {
    try {
      const lines = fs.readFileSync(path.join(this.dir, 'supervisor.out'), 'utf8').trim().split('\n');
      return lines[lines.length - 1] ?? '';
    } catch {
      return '';
    }
  }

  /** Pids of the programs this supervisor spawned, from its `spawned:` lines. */
  spawnedPids(): number[] {
    return this.logLines(/spawned: '/).map((line) => Number(/with pid (\d+)/.exec(line)?.[1]));
  }

  /** Resident memory of the supervisor process itself, in MB. */
  rssMb(): number | undefined {
    return rssMb(this.pid);
  }

  /** User+system CPU seconds the supervisor process has used so far. */
  cpuSeconds(): number | undefined {
    return cpuSeconds(this.pid);
  }

  /** Context switches of all its threads so far: how often it slept and woke (or was preempted). */
  contextSwitches(): number | undefined {
    return contextSwitches(this.pid);
  }

  /** Sends `signal` and waits for the exit; ms from the signal to the exit, or undefined at the deadline. */
  async stop(signal: NodeJS.Signals, timeoutMs: number): Promise<number | undefined> {
    if (!this.running) return 0;
    const sentAt = nowMs();
    this.child.kill(signal);
    const done = await Promise.race([
      this.exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
    ]);
    return done && this.exitedAt !== undefined ? this.exitedAt - sentAt : undefined;
  }

  /** After a timeout: SIGKILL the supervisor and the programs it spawned that are still its children. */
  killHard(): void {
    const children = this.running ? childrenOf(this.pid) : [];
    if (this.running) this.child.kill('SIGKILL');
    for (const pid of children) killQuietly(pid);
  }

  /** Stops it politely with a deadline, then hard; always leaves nothing of ours running. */
  async shutdown(timeoutMs = 10_000): Promise<void> {
    if ((await this.stop('SIGTERM', timeoutMs)) === undefined) this.killHard();
    await this.exited;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function statFields(pid: number): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the parenthesised command name, which may itself contain spaces
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Direct children of `ppid`, by scanning /proc (this kernel has no task/<pid>/children). */
export function childrenOf(ppid: number): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    if (statFields(Number(name))?.[1] === String(ppid)) pids.push(Number(name));
  }
  return pids;
}

export function rssMb(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

export interface PrivateMemory {
  /** RssAnon: the anonymous pages only this process has (heap, stacks). */
  readonly anonMb: number;
  /** Pss: every resident page divided by the number of processes mapping it. */
  readonly pssMb: number | undefined;
}

export function privateMemory(pid: number): PrivateMemory | undefined {
  try {
    const anon = /RssAnon:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (anon === undefined) return undefined;
    let pss: string | undefined;
    try {
      pss = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1];
    } catch {
      pss = undefined;
    }
    return { anonMb: Number(anon) / 1024, pssMb: pss === undefined ? undefined : Number(pss) / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * Context switches of all threads; `voluntary` counts only the voluntary ones: each is a thread that
 * blocked and was woken again (the involuntary ones are preemptions while running).
 */
export function contextSwitches(pid: number, which: 'all' | 'voluntary' = 'all'): number | undefined {
  const pattern =
    which === 'all' ? /^(?:non)?voluntary_ctxt_switches:\s+(\d+)/gm : /^voluntary_ctxt_switches:\s+(\d+)/gm;
  try {
    let sum = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const status = fs.readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
      for (const m of status.matchAll(pattern)) sum += Number(m[1]);
    }
    return sum;
  } catch {
    return undefined;
  }
}

const CLOCK_TICKS = 100;

export function cpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  // utime and stime are fields 14 and 15 of /proc/<pid>/stat; fields[0] here is field 3
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** First line of a command's output, or a note that it could not run. */
export function commandVersion(cmd: string, args: string[]): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  const text = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n')[0];
  return result.error ? `unavailable (${result.error.message})` : (text ?? '');
}
