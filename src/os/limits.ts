// Reads and sets process resource limits (Node has no getrlimit or setrlimit): reading from
// /proc/<pid>/limits, setting through util-linux's prlimit(1) on our own pid, for supervisord's
// minfds and minprocs. Node raises its own soft RLIMIT_NOFILE to the hard limit at start-up, so
// the soft limit the supervisor was launched with has to come from outside (see launchFileSoft).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Limit {
  readonly soft: number;
  readonly hard: number;
}

export interface Limits {
  readonly files?: Limit;
  readonly processes?: Limit;
}

/** `Max open files` → RLIMIT_NOFILE, `Max processes` → RLIMIT_NPROC; Infinity for unlimited. */
export function readLimits(text = safeRead('/proc/self/limits')): Limits {
  const parse = (label: string): Limit | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(label));
    if (!line) return undefined;
    const [soft, hard] = line.slice(label.length).trim().split(/\s+/);
    return { soft: limitValue(soft), hard: limitValue(hard) };
  };
  return { files: parse('Max open files'), processes: parse('Max processes') };
}

/** The limits of another process (our parent, say); empty when it cannot be read. */
export function readLimitsOf(pid: number): Limits {
  return readLimits(safeRead(`/proc/${pid}/limits`));
}

/** A limit as ulimit and prlimit print it: a number, or `unlimited`. */
export function limitValue(text: string | undefined): number {
  return text === 'unlimited' || text === 'infinity' ? Infinity : Number(text);
}

/**
 * Sets our own limits with prlimit(1). Raising a hard limit needs root (CAP_SYS_RESOURCE); throws
 * with prlimit's message when the kernel refuses.
 */
export function setOwnLimits(limits: Limits, prlimit = '/usr/bin/prlimit'): void {
  const value = (n: number): string => (n === Infinity ? 'unlimited' : String(n));
  const args = [`--pid=${process.pid}`];
  if (limits.files) args.push(`--nofile=${value(limits.files.soft)}:${value(limits.files.hard)}`);
  if (limits.processes) args.push(`--nproc=${value(limits.processes.soft)}:${value(limits.processes.hard)}`);
  execFileSync(prlimit, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
