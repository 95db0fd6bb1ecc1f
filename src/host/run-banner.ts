// What `modulus run` tells the user once the app has settled, and as its state changes later:
// where it listens, where its log and notifications are, how to control it. Pure text.
import type { AppState, Settled } from './app-state.js';

export interface RunFacts {
  readonly name: string;
  readonly port: number;
  readonly appLog: string;
  readonly notifications: string;
  /** Set for a Docker run. */
  readonly container?: string;
  /** The isolation warning, when the app is not isolated. */
  readonly warning?: string;
  /** The `modulus run …` command line that started this run, to name in hints. */
  readonly rerun: string;
}

/** What to do when the app is not running: it runs from a copy, so only a new run takes a fix. */
function fixHint(facts: RunFacts): string {
  return `still following ${facts.appLog}; the app runs from a copy in the volume: fix it, then Ctrl-C and \`${facts.rerun}\` again (only changed files are copied), or press Ctrl-C`;
}

/** Once RUNNING but nothing answered on $PORT in time. */
export function notListeningLine(facts: RunFacts, seconds: number): string {
  return `warning: the app is RUNNING but nothing answers on http://127.0.0.1:${facts.port} after ${seconds} s: does it listen on $PORT (${facts.port})?`;
}

export function runningLines(facts: RunFacts, state: AppState): string[] {
  const where = facts.container ? ` in container ${facts.container}` : '';
  return [
    `app "${facts.name}" is RUNNING${where} (${state.description})`,
    `  url:            http://127.0.0.1:${facts.port}`,
    `  log:            ${facts.appLog}   (modulus logs -f)`,
    `  notifications:  ${facts.notifications}   (modulus notifications)`,
    `  control:        modulus ctl status   (also: ctl restart app, ctl stop app, ctl tail -f app)`,
    `  dashboard:      modulus dashboard   (the supervisor's web page and /metrics, on 127.0.0.1)`,
    `  stop:           Ctrl-C`,
    ...(facts.warning ? [facts.warning] : []),
  ];
}

export function notRunningLines(facts: RunFacts, settled: Settled): string[] {
  const keep = fixHint(facts);
  if (settled.kind === 'timeout') {
    const last = settled.last ? `it is ${settled.last.state} (${settled.last.description})` : 'no answer';
    return [
      `app "${facts.name}" is not RUNNING yet: ${last}`,
      keep,
      ...(facts.warning ? [facts.warning] : []),
    ];
  }
  const { state } = settled;
  return [
    `app "${facts.name}" did not start: ${state.state} (${state.description || 'no reason given'})`,
    `its output is above and in ${facts.appLog}; notifications in ${facts.notifications}`,
    keep,
    ...(facts.warning ? [facts.warning] : []),
  ];
}

/**
 * A line for a later change of state; a return to RUNNING under a new pid is a restart. Undefined
 * for the passing states (STARTING, STOPPING).
 */
export function changeLine(state: AppState, lastRunningPid: number | undefined): string | undefined {
  if (state.state === 'RUNNING' && lastRunningPid !== undefined && lastRunningPid !== state.pid)
    return `app restarted: pid ${lastRunningPid} → ${state.pid}`;
  if (state.state === 'STARTING' || state.state === 'STOPPING') return undefined;
  return `app is ${state.state}${state.description ? ` (${state.description})` : ''}`;
}
