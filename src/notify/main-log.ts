// Reads supervisord's main log for what its events leave out: a process's exit status or signal and
// its uptime, from the `spawned: 'NAME' with pid N` line and the `exited: NAME (…)` line after it.
import type { ExitFacts } from './record.js';

export interface LoggedExit {
  readonly exit: ExitFacts;
  readonly uptimeSeconds: number | null;
}

// `2026-11-29 14:03:39,123 INFO spawned: 'web' with pid 42`
const LINE = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3}) \S+ (.*)$/;

/**
 * The exit of the process `pid` of program `name` (the latest spawn when pid is null), or null when
 * the lines are not in the text. Times are local, but only their difference is used.
 */
export function findExit(logText: string, name: string, pid: number | null): LoggedExit | null {
  const lines = logText.split('\n');
  const spawnedPrefix = `spawned: '${name}' with pid `;
  let start = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = LINE.exec(lines[i]!);
    if (m && m[4]!.startsWith(spawnedPrefix) && (pid === null || m[4] === `${spawnedPrefix}${pid}`)) {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  const exitedPrefix = `exited: ${name} (`;
  for (let i = start + 1; i < lines.length; i++) {
    const m = LINE.exec(lines[i]!);
    if (!m || !m[4]!.startsWith(exitedPrefix)) continue;
    const how = m[4]!.slice(exitedPrefix.length);
    const exit = parseHow(how);
    if (!exit) return null;
    const spawned = LINE.exec(lines[start]!)!;
    const ms = stamp(m) - stamp(spawned);
    return { exit, uptimeSeconds: Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null };
  }
  return null;
}

function parseHow(how: string): ExitFacts | null {
  const status = /^exit status (\d+)[;)]/.exec(how);
  if (status) return { code: Number(status[1]), signal: null };
  const signal = /^terminated by (SIG[A-Z0-9]+)/.exec(how);
  if (signal) return { code: null, signal: signal[1]! };
  return null;
}

function stamp(m: RegExpExecArray): number {
  return new Date(`${m[1]}T${m[2]}.${m[3]}`).getTime();
}
