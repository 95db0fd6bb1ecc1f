// Deciding, without doing anything: which notification (if any) a process state change calls for,
// given what is known about how the process ended.
import type { NotificationType } from './record.js';
import type { ProcessStateName } from './notify-event.js';

export interface ClassifyFacts {
  readonly state: ProcessStateName;
  /** The EXITED payload's expected flag. */
  readonly expected: boolean | null;
  /** Full signal name when the process was killed by one, null otherwise or when unknown. */
  readonly signal: string | null;
  /** True when the exit is known to be an exit status (not a signal). */
  readonly exitedWithCode: boolean;
  /** The process's spawn error (getProcessInfo's spawnerr, or our payload's), '' or null when none. */
  readonly spawnerr: string | null;
  /** The cgroup's OOM-kill counter went up across this exit; null when no cgroup shows one. */
  readonly oomKills: number | null;
}

/**
 * supervisord's messages for a command that cannot be started (options.py get_execv_args, and the
 * child's "couldn't exec"); our supervisor uses the same words, possibly with '_' for spaces.
 */
const SPAWN_ERROR = /can.t[ _]find[ _]command|is[ _]not[ _]executable|couldn.t[ _]exec/;

export function isSpawnError(spawnerr: string | null): boolean {
  return spawnerr !== null && SPAWN_ERROR.test(spawnerr);
}

/**
 * EXITED unexpectedly → crash, or oom when the kernel's OOM killer is the SIGKILL's evident source;
 * FATAL → fatal; BACKOFF because the command cannot run → spawn-error; BACKOFF after an OOM kill
 * during startsecs → oom. Expected exits, stops and other states call for nothing.
 */
export function classify(f: ClassifyFacts): NotificationType | null {
  switch (f.state) {
    case 'EXITED':
      if (f.expected === true) return null;
      return isOomKill(f) ? 'oom' : 'crash';
    case 'FATAL':
      return 'fatal';
    case 'BACKOFF':
      if (isSpawnError(f.spawnerr)) return 'spawn-error';
      return isOomKill(f) ? 'oom' : null;
    default:
      return null;
  }
}

/**
 * The OOM killer sends SIGKILL; a counter that rose while the process died by SIGKILL (or by a
 * signal we could not learn) is taken as its doing. A process that exited with a status was not
 * OOM-killed itself, even if something else in its cgroup was.
 */
function isOomKill(f: ClassifyFacts): boolean {
  if (f.oomKills === null || f.oomKills <= 0 || f.exitedWithCode) return false;
  return f.signal === null || f.signal === 'SIGKILL';
}
