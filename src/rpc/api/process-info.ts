// getProcessInfo's struct for one process, field for field as supervisord 4 fills it, with the
// description supervisorctl's status prints: `pid 123, uptime 0:01:02`, a spawn error, `Not started`,
// or the stop time as `Nov 29 01:57 PM` (local time).
import type { ChildLogs } from '../../supervisor/child-logs.js';
import type { ProcessRunner } from '../../supervisor/process-runner.js';
import { PROCESS_STATE_CODES, type ProcessState } from '../../supervisor/states.js';
import { INT32_MAX, type XmlRpcStruct } from '../xmlrpc-value.js';

/** The lifecycle's spawn error for a start that ended before startsecs. */
const TOO_QUICK = 'Exited too quickly';

export interface ProcessInfoFacts {
  readonly name: string;
  readonly state: ProcessState;
  readonly start: number;
  readonly stop: number;
  readonly now: number;
  readonly pid: number;
  readonly spawnerr: string;
}

/** The getProcessInfo struct; `now` is wall-clock seconds. */
export function processInfo(p: ProcessRunner, logs: Pick<ChildLogs, 'path'>, now: number): XmlRpcStruct {
  const lc = p.lifecycle;
  const stdout = logs.path(p.config, 'stdout') ?? '';
  const stderr = logs.path(p.config, 'stderr') ?? '';
  const facts: ProcessInfoFacts = {
    name: p.name,
    state: p.state,
    // supervisord truncates to ints and caps them at the XML-RPC int limit (year 2038).
    start: cappedInt(p.startedAtWall),
    stop: cappedInt(p.stoppedAtWall),
    now: cappedInt(now),
    pid: lc.pid,
    spawnerr: lc.spawnError,
  };
  return {
    name: p.name,
    group: p.group,
    start: facts.start,
    stop: facts.stop,
    now: facts.now,
    state: PROCESS_STATE_CODES[p.state],
    statename: p.state,
    spawnerr: facts.spawnerr,
    exitstatus: exitStatus(p),
    logfile: stdout,
    stdout_logfile: stdout,
    stderr_logfile: stderr,
    pid: facts.pid,
    description: describe(facts),
  };
}

/**
 * supervisord's exitstatus: the exit code, -1 after a signal, and 0 (None) after an exit before
 * startsecs, which it does not record.
 */
export function exitStatus(p: ProcessRunner): number {
  const lc = p.lifecycle;
  if (lc.spawnError.startsWith(TOO_QUICK)) return 0;
  if (lc.exitSignal !== null) return -1;
  return lc.exitStatus ?? 0;
}

export function describe(info: ProcessInfoFacts): string {
  switch (info.state) {
    case 'RUNNING':
      return `pid ${info.pid}, uptime ${formatUptime(Math.max(0, info.now - info.start))}`;
    case 'FATAL':
    case 'BACKOFF':
      return info.spawnerr || `unknown error (try "tail ${info.name}")`;
    case 'STOPPED':
    case 'EXITED':
      return info.start ? formatStopTime(new Date(info.stop * 1000)) : 'Not started';
    default:
      return '';
  }
}

/** Python's str(timedelta) for whole seconds: `0:01:02`, `1 day, 2:03:04`, `3 days, 0:00:00`. */
export function formatUptime(seconds: number): string {
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const rest = s % 86400;
  const hms = `${Math.floor(rest / 3600)}:${pad(Math.floor(rest / 60) % 60)}:${pad(rest % 60)}`;
  return days === 0 ? hms : `${days} day${days === 1 ? '' : 's'}, ${hms}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** strftime('%b %d %I:%M %p') in local time and the C locale, e.g. `Jan 01 12:00 PM`. */
export function formatStopTime(d: Date): string {
  const hour12 = d.getHours() % 12 === 0 ? 12 : d.getHours() % 12;
  const ampm = d.getHours() < 12 ? 'AM' : 'PM';
  return `${MONTHS[d.getMonth()]} ${pad(d.getDate())} ${pad(hour12)}:${pad(d.getMinutes())} ${ampm}`;
}

function cappedInt(value: number): number {
  return Math.min(Math.trunc(value), INT32_MAX);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
