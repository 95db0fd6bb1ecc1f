// A process's CPU time and resident memory from /proc, read only when /metrics is scraped.
// Parsing is pure (tested with fixture lines); the reads tolerate a process that exits meanwhile.
import { readFileSync } from 'node:fs';

/** USER_HZ: the kernel reports /proc/PID/stat times in 1/100 s on every Linux architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcUsage {
  /** User plus system CPU time, in seconds. */
  readonly cpuSeconds: number;
  readonly residentBytes: number;
}

/** utime + stime (fields 14 and 15) from a /proc/PID/stat line; null when it is not one. */
export function parseStatCpuSeconds(stat: string): number | null {
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  const close = stat.lastIndexOf(')');
  if (close < 0) return null;
  const fields = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/);
  // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || fields[12] === undefined) return null;
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

/** VmRSS from /proc/PID/status, in bytes; null when absent (a zombie has none). */
export function parseStatusRssBytes(status: string): number | null {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return m === null ? null : Number(m[1]) * 1024;
}

/** The usage of a live pid, or null when it is gone or unreadable. */
export function readProcUsage(pid: number, proc = '/proc'): ProcUsage | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    const cpuSeconds = parseStatCpuSeconds(readFileSync(`${proc}/${pid}/stat`, 'latin1'));
    const residentBytes = parseStatusRssBytes(readFileSync(`${proc}/${pid}/status`, 'latin1'));
    if (cpuSeconds === null || residentBytes === null) return null;
    return { cpuSeconds, residentBytes };
  } catch {
    return null;
  }
}
