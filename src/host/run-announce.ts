// The talking part of `modulus run`, shared by both runners: checks before starting, then, once
// the app settles, where it listens and how to control it, and each later change of its state.
import { setTimeout as sleep } from 'node:timers/promises';
import { ModulusError } from '../errors/modulus-error.js';
import { waitUntilSettled, watchState, type StateProbe } from './app-state.js';
import { portAnswers, portFree } from './port-probe.js';
import { changeLine, notListeningLine, notRunningLines, runningLines, type RunFacts } from './run-banner.js';
import type { RunRequest } from './run-request.js';
import { activeRun } from './run-record.js';

/** Our own lines go to stderr, so stdout carries the app's log alone. */
export function runLog(line: string): void {
  process.stderr.write(`modulus run: ${line}\n`);
}

/** No other run of that name going from here, and nothing on the port yet. */
export async function checkStartable(req: RunRequest): Promise<void> {
  const active = activeRun(req.workspace, req.name);
  if (active)
    throw new ModulusError(
      'RUN_ACTIVE',
      `a run named "${req.name}" is already going from this directory (modulus run pid ${active.pid})`,
    );
  if (!(await portFree(req.port)))
    throw new ModulusError('RUN_PORT_IN_USE', `port ${req.port} is already in use on this host`);
}

/** How long the app may take to reach RUNNING (or give up) before we say so and keep waiting. */
const SETTLE_MS = 60_000;
/** How long a RUNNING app may take to answer on its port before the banner says it does not. */
const LISTEN_MS = 30_000;

export async function announce(options: {
  probe: StateProbe;
  facts: RunFacts;
  signal: AbortSignal;
  intervalMs: number;
}): Promise<void> {
  const { probe, facts, signal } = options;
  const settled = await waitUntilSettled(probe, { timeoutMs: SETTLE_MS, signal });
  if (signal.aborted) return;
  const running = settled.kind === 'state' && settled.state.state === 'RUNNING';
  const last = settled.kind === 'state' ? settled.state : settled.last;
  let runningPid = running ? last?.pid : undefined;
  const watcher = watchState(
    probe,
    last,
    (state) => {
      const line = changeLine(state, runningPid);
      if (line) runLog(line);
      if (state.state === 'RUNNING') runningPid = state.pid;
    },
    { intervalMs: options.intervalMs, signal },
  );
  if (!running) for (const line of notRunningLines(facts, settled)) runLog(line);
  else if (await checkListening(facts.port, signal)) {
    for (const line of runningLines(facts, settled.state)) runLog(line);
  } else if (!signal.aborted) {
    for (const line of runningLines(facts, settled.state)) runLog(line);
    runLog(notListeningLine(facts, LISTEN_MS / 1000));
  }
  await watcher;
}

/** Whether the app answers on its port within LISTEN_MS (the banner waits for it). */
async function checkListening(port: number, signal: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + LISTEN_MS;
  while (!signal.aborted && Date.now() < deadline) {
    if (await portAnswers(port)) return true;
    await sleep(250, undefined, { signal }).catch(() => undefined);
  }
  return false;
}
