// The page's buttons, carried out through the same functions as the XML-RPC API: start, stop,
// restart and clear log for one process, and restart all / stop all, each answered with one line
// for the page (supervisord's web page words: "Process web started", "All stopped").
import { clearProcessLogs } from '../rpc/api/logs-api.js';
import {
  startAllProcesses,
  startProcess,
  stopAllProcesses,
  stopProcess,
} from '../rpc/api/process-control.js';
import { assertRunning, lookupProcess, current, type ApiContext } from '../rpc/api/context.js';
import { RpcFault } from '../rpc/faults.js';
import { RUNNING_STATES } from '../supervisor/states.js';

export const PROCESS_ACTIONS = ['start', 'stop', 'restart', 'clearlog'] as const;
export const ALL_ACTIONS = ['restartall', 'stopall'] as const;

export type PageAction =
  | { readonly action: (typeof PROCESS_ACTIONS)[number]; readonly name: string }
  | { readonly action: (typeof ALL_ACTIONS)[number] };

export interface ActionOutcome {
  readonly ok: boolean;
  readonly message: string;
}

/** The action a request body asks for, or null when it is not one (anything else is refused). */
export function parseAction(body: string): PageAction | null {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { action, name } = value as Record<string, unknown>;
  if ((ALL_ACTIONS as readonly unknown[]).includes(action)) {
    return { action: action as (typeof ALL_ACTIONS)[number] };
  }
  if (!(PROCESS_ACTIONS as readonly unknown[]).includes(action)) return null;
  if (typeof name !== 'string' || name === '' || name.length > 1024) return null;
  return { action: action as (typeof PROCESS_ACTIONS)[number], name };
}

export async function runAction(ctx: ApiContext, request: PageAction): Promise<ActionOutcome> {
  try {
    assertRunning(ctx);
    return { ok: true, message: await perform(ctx, request) };
  } catch (err) {
    if (err instanceof RpcFault) return { ok: false, message: err.faultString };
    throw err;
  }
}

async function perform(ctx: ApiContext, request: PageAction): Promise<string> {
  switch (request.action) {
    case 'start':
      await startProcess(ctx, request.name, true);
      return `Process ${request.name} started`;
    case 'stop':
      await stopProcess(ctx, request.name, true);
      return `Process ${request.name} stopped`;
    case 'restart': {
      const p = lookupProcess(current(ctx).supervisor, request.name);
      if (RUNNING_STATES.includes(p.state)) await stopProcess(ctx, request.name, true);
      await startProcess(ctx, request.name, true);
      return `Process ${request.name} restarted`;
    }
    case 'clearlog':
      await clearProcessLogs(ctx, request.name);
      return `Log for ${request.name} cleared`;
    case 'stopall':
      await stopAllProcesses(ctx, true);
      return 'All stopped';
    case 'restartall':
      await stopAllProcesses(ctx, true);
      await startAllProcesses(ctx, false);
      return 'All restarted';
  }
}
