// The app's process state as `modulus run` watches it: asked over the supervisor's XML-RPC socket
// (a local run) or through `docker exec … supervisorctl status` (a container), waited for until
// it settles (RUNNING or FATAL), then polled so later changes are reported as they happen.
import { setTimeout as sleep } from 'node:timers/promises';
import { createRpcClient } from '../rpc/client.js';
import type { XmlRpcStruct } from '../rpc/xmlrpc-value.js';
import { runCommand } from '../os/run-command.js';

export const APP_PROGRAM = 'app';

export interface AppState {
  /** supervisord's state name: STARTING, RUNNING, BACKOFF, FATAL, EXITED, STOPPED … */
  readonly state: string;
  /** What supervisorctl status shows after the state: `pid 12, uptime 0:00:03`, an error … */
  readonly description: string;
  readonly pid: number;
}

/** Asks for the app's state; rejects while the supervisor cannot be reached. */
export type StateProbe = () => Promise<AppState>;

export function rpcProbe(socket: string): { probe: StateProbe; close: () => void } {
  const client = createRpcClient(`unix://${socket}`, { timeoutMs: 5000 });
  const probe = async (): Promise<AppState> => {
    const info = (await client.call('supervisor.getProcessInfo', [APP_PROGRAM])) as XmlRpcStruct;
    return {
      state: String(info.statename),
      description: String(info.description ?? ''),
      pid: Number(info.pid ?? 0),
    };
  };
  return { probe, close: () => client.close() };
}

/** One `supervisorctl status` line: `app   RUNNING   pid 12, uptime 0:00:03`. */
export function parseStatusLine(line: string): AppState | undefined {
  const match = /^(\S+)\s+([A-Z]+)\s*(.*)$/.exec(line.trim());
  if (!match) return undefined;
  const description = match[3] ?? '';
  return { state: match[2]!, description, pid: Number(/pid (\d+)/.exec(description)?.[1] ?? 0) };
}

export function dockerProbe(container: string): StateProbe {
  return async () => {
    const result = await runCommand('docker', ['exec', container, 'supervisorctl', 'status', APP_PROGRAM]);
    const state = parseStatusLine(result.stdout.split('\n').find((l) => l.startsWith(APP_PROGRAM)) ?? '');
    if (!state) throw new Error(`supervisorctl status: ${(result.stderr || result.stdout).trim()}`);
    return state;
  };
}

export type Settled = { kind: 'state'; state: AppState } | { kind: 'timeout'; last: AppState | undefined };

const SETTLED = new Set(['RUNNING', 'FATAL', 'EXITED', 'STOPPED']);

/** Polls until the app is RUNNING or has given up (FATAL …), or the deadline passes. */
export async function waitUntilSettled(
  probe: StateProbe,
  options: { timeoutMs: number; intervalMs?: number; signal: AbortSignal },
): Promise<Settled> {
  const deadline = Date.now() + options.timeoutMs;
  let last: AppState | undefined;
  while (!options.signal.aborted && Date.now() < deadline) {
    last = await probe().catch(() => last);
    if (last && SETTLED.has(last.state)) return { kind: 'state', state: last };
    await sleep(options.intervalMs ?? 100, undefined, { signal: options.signal }).catch(() => undefined);
  }
  return { kind: 'timeout', last };
}

/** Calls `onChange` with each new state (or pid, for a restart) until the signal aborts. */
export async function watchState(
  probe: StateProbe,
  from: AppState | undefined,
  onChange: (state: AppState, previous: AppState | undefined) => void,
  options: { intervalMs: number; signal: AbortSignal },
): Promise<void> {
  let previous = from;
  while (!options.signal.aborted) {
    await sleep(options.intervalMs, undefined, { signal: options.signal }).catch(() => undefined);
    if (options.signal.aborted) return;
    const state = await probe().catch(() => undefined);
    if (!state) continue;
    if (state.state !== previous?.state || state.pid !== previous.pid) onChange(state, previous);
    previous = state;
  }
}
