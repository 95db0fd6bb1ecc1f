// The supervisor's own methods: versions, identification, state, pid, shutdown and restart (the
// daemon's SIGTERM and SIGHUP paths), writing to a process's stdin, and REMOTE_COMMUNICATION events.
import { API_VERSION, SUPERVISORD_VERSION } from '../../supervisor/version.js';
import { SUPERVISOR_STATE_CODES } from '../../supervisor/states.js';
import { RpcFault } from '../faults.js';
import type { XmlRpcStruct, XmlRpcValue } from '../xmlrpc-value.js';
import { lookupProcess, current, type ApiContext } from './context.js';

export function getAPIVersion(): string {
  return API_VERSION;
}

/** The supervisord release whose behaviour we reproduce; Python's supervisorctl reads it for `version`. */
export function getSupervisorVersion(): string {
  return SUPERVISORD_VERSION;
}

export function getIdentification(ctx: ApiContext): string {
  return current(ctx).supervisor.config.supervisord.identifier;
}

export function getState(ctx: ApiContext): XmlRpcStruct {
  const state = current(ctx).supervisor.state;
  return { statecode: SUPERVISOR_STATE_CODES[state], statename: state };
}

export function getPID(): number {
  return process.pid;
}

/** Answers first, then stops: the daemon's hook only starts the shutdown. */
export function shutdown(ctx: ApiContext): boolean {
  ctx.hooks.shutdown();
  return true;
}

export function restart(ctx: ApiContext): boolean {
  ctx.hooks.restart();
  return true;
}

/** Text is written as UTF-8; a process that is stopping or has closed its stdin is refused as supervisord does. */
export function sendProcessStdin(ctx: ApiContext, spec: string, chars: XmlRpcValue | undefined): boolean {
  if (typeof chars !== 'string' && !(chars instanceof Uint8Array)) {
    throw new RpcFault('INCORRECT_PARAMETERS', String(chars));
  }
  const p = lookupProcess(current(ctx).supervisor, spec);
  if (p.pid <= 0 || p.lifecycle.killing) throw new RpcFault('NOT_RUNNING', spec);
  const stdin = p.stdin;
  if (stdin === null || !stdin.writable || stdin.destroyed) throw new RpcFault('NO_FILE', spec);
  stdin.write(typeof chars === 'string' ? Buffer.from(chars, 'utf8') : chars);
  return true;
}

export function sendRemoteCommEvent(ctx: ApiContext, type: string, data: string): boolean {
  current(ctx).supervisor.bus.publish({ type: 'REMOTE_COMMUNICATION', remoteType: type, data });
  return true;
}
