// What issue 14 says to keep: the figures of the run before it (bench/RESULTS.md of 2026-11-29).
// A figure more than 20 % worse is a regression: the verdict says REGRESSED, the run prints it
// again at the end and exits 1, so a slower build cannot go unnoticed.
import { verdict } from './report.js';

export const KEEP = {
  /** Median time between restarts of a program that exits at once. */
  restartMs: 3.3,
  /** 100 programs from spawn to all RUNNING. */
  running100Ms: 306,
  /** Container start to the app's first HTTP 200 (run-node). */
  firstHttp200Ms: 554,
  /** Our supervisorctl status against ours, 100 programs. */
  statusMs: 81,
} as const;

export const TOLERANCE = 1.2;

const regressions: string[] = [];

/** A "kept" verdict for a figure where lower is better; records a regression. */
export function kept(name: string, value: number | undefined, baseline: number, unit = 'ms'): string {
  const ok = value === undefined ? undefined : value <= baseline * TOLERANCE;
  const detail = `${value === undefined ? '-' : value.toFixed(1)} ${unit}, was ${baseline} ${unit}; limit ${(baseline * TOLERANCE).toFixed(1)} ${unit}`;
  if (ok === false) {
    regressions.push(`${name}: ${detail}`);
    return `REGRESSED: ${verdict(`keep ${name}`, false, detail)}`;
  }
  return verdict(`keep ${name}`, ok, detail);
}

/** The regressions recorded so far in this run. */
export function recordedRegressions(): readonly string[] {
  return regressions;
}
