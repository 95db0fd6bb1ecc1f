// What the supervisor.* methods work on (the running session, the main log, the daemon's hooks) and
// the rules every method shares: SHUTDOWN_STATE while stopping, namespec lookup with BAD_NAME, and
// the one mapping from log-reading errors to supervisord's faults.
import type { SupervisorConfig } from '../../config/model.js';
import { isModulusError } from '../../errors/modulus-error.js';
import type { Logger } from '../../logs/logger.js';
import type { ChildLogs } from '../../supervisor/child-logs.js';
import type { ProcessGroup, Supervisor } from '../../supervisor/supervisor.js';
import type { ProcessRunner } from '../../supervisor/process-runner.js';
import { FAULTS, RpcFault } from '../faults.js';
import type { XmlRpcValue } from '../xmlrpc-value.js';

/** One run of the programs: a SIGHUP or restart() replaces it, so the API asks for it on every call. */
export interface ApiSession {
  readonly supervisor: Supervisor;
  readonly logs: ChildLogs;
  /** The event listener pools, for /metrics (events each pool's full buffer dropped). */
  readonly pools?: { dropped(): Map<string, number> };
}

/** What only the daemon can do; shutdown and restart do exactly what SIGTERM and SIGHUP do. */
export interface ApiHooks {
  shutdown(): void;
  restart(): void;
  /** Reads the config file again; throws a ModulusError (CONFIG_*) when it is invalid. */
  reread(): Promise<SupervisorConfig>;
}

export interface ApiContext {
  /** The running session; null before the first one starts (the servers open before the programs). */
  session(): ApiSession | null;
  readonly mainLog: Logger;
  readonly hooks: ApiHooks;
  /** Wall-clock seconds (getProcessInfo's `now`); tests pin it. */
  readonly now?: () => number;
}

export function wallNow(ctx: ApiContext): number {
  return ctx.now?.() ?? Date.now() / 1000;
}

/** The running session; between sessions the supervisor is restarting, which supervisord reports as SHUTDOWN_STATE. */
export function current(ctx: ApiContext): ApiSession {
  const session = ctx.session();
  if (session === null) throw new RpcFault('SHUTDOWN_STATE');
  return session;
}

/** supervisord's _update(): every call but sendRemoteCommEvent fails while the supervisor stops or restarts. */
export function assertRunning(ctx: ApiContext): void {
  const state = current(ctx).supervisor.state;
  if (state === 'SHUTDOWN' || state === 'RESTARTING') throw new RpcFault('SHUTDOWN_STATE');
}

/** `group:name`, or the bare name when group and process share it (supervisord's make_namespec). */
export function namespec(p: ProcessRunner): string {
  return p.group === p.name ? p.name : `${p.group}:${p.name}`;
}

/** split_namespec: `group:name`, `group:*` or `group:` (process null), or a bare name meaning name:name. */
export function splitNamespec(spec: string): { group: string; process: string | null } {
  const colon = spec.indexOf(':');
  if (colon < 0) return { group: spec, process: spec };
  const process = spec.slice(colon + 1);
  return { group: spec.slice(0, colon), process: process === '' || process === '*' ? null : process };
}

/** The group and, unless the spec names a whole group, the process; BAD_NAME with the spec otherwise. */
export function lookup(
  supervisor: Supervisor,
  spec: string,
): { group: ProcessGroup; process: ProcessRunner | null } {
  const { group: groupName, process: processName } = splitNamespec(spec);
  const group = supervisor.groups.get(groupName);
  if (group === undefined) throw new RpcFault('BAD_NAME', spec);
  if (processName === null) return { group, process: null };
  const process = group.processes.get(processName);
  if (process === undefined) throw new RpcFault('BAD_NAME', spec);
  return { group, process };
}

/** A process named by the spec; a group spec is BAD_NAME too (getProcessInfo, logs, stdin). */
export function lookupProcess(supervisor: Supervisor, spec: string): ProcessRunner {
  const { process } = lookup(supervisor, spec);
  if (process === null) throw new RpcFault('BAD_NAME', spec);
  return process;
}

/**
 * The fault for an error from src/logs/read-log.ts, the one place these codes meet XML-RPC:
 * LOG_NO_FILE → NO_FILE (with the path), LOG_BAD_ARGUMENTS → BAD_ARGUMENTS, LOG_READ_FAILED → FAILED.
 * supervisord sends the last two without detail, so we do too.
 */
export function logFault(err: unknown, path: string): RpcFault {
  if (isModulusError(err)) {
    if (err.code === 'LOG_NO_FILE') return new RpcFault('NO_FILE', path);
    if (err.code === 'LOG_BAD_ARGUMENTS') return new RpcFault('BAD_ARGUMENTS');
    if (err.code === 'LOG_READ_FAILED') return new RpcFault('FAILED');
  }
  if (err instanceof RpcFault) return err;
  throw err;
}

/** Parameter readers: a wrong type is INCORRECT_PARAMETERS, as Python's int()/str() failing would be. */
export function stringParam(value: XmlRpcValue | undefined): string {
  if (typeof value !== 'string') throw new RpcFault(FAULTS.INCORRECT_PARAMETERS);
  return value;
}

/** supervisord calls int() on offsets and lengths, so numeric strings are accepted too. */
export function intParam(value: XmlRpcValue | undefined): number {
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new RpcFault(FAULTS.INCORRECT_PARAMETERS);
  return n;
}

/** `wait` defaults to true; XML-RPC booleans, and the ints some clients send, are both accepted. */
export function boolParam(value: XmlRpcValue | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  throw new RpcFault(FAULTS.INCORRECT_PARAMETERS);
}
