// start/stop/signal for one process, a group (`group:*`) and all, with supervisord's `wait`
// semantics and faults; group and all calls answer with one {name, group, status, description}
// struct per process they acted on (status 80 SUCCESS with `OK`, or the fault's code and string).
import { signalName } from '../../config/values.js';
import { isModulusError } from '../../errors/modulus-error.js';
import { resolveExecutable } from '../../supervisor/executable.js';
import type { ProcessRunner } from '../../supervisor/process-runner.js';
import { RUNNING_STATES, SIGNALLABLE_STATES, STOPPED_STATES } from '../../supervisor/states.js';
import { FAULTS, RpcFault } from '../faults.js';
import type { XmlRpcStruct, XmlRpcValue } from '../xmlrpc-value.js';
import { lookup, namespec, splitNamespec, current, type ApiContext } from './context.js';

type Op = (p: ProcessRunner, spec: string) => Promise<void>;

export async function startProcess(ctx: ApiContext, spec: string, wait: boolean): Promise<XmlRpcValue> {
  const { process } = lookup(current(ctx).supervisor, spec);
  if (process === null) return startProcessGroup(ctx, splitNamespec(spec).group, wait);
  await startOne(ctx, process, spec, wait);
  return true;
}

export function startProcessGroup(ctx: ApiContext, group: string, wait: boolean): Promise<XmlRpcStruct[]> {
  const procs = groupProcesses(ctx, group);
  return forEach(
    procs,
    (p) => !isRunning(p),
    (p, spec) => startOne(ctx, p, spec, wait),
  );
}

export function startAllProcesses(ctx: ApiContext, wait: boolean): Promise<XmlRpcStruct[]> {
  const procs = current(ctx).supervisor.processesInPriorityOrder();
  return forEach(
    procs,
    (p) => !isRunning(p),
    (p, spec) => startOne(ctx, p, spec, wait),
  );
}

export async function stopProcess(ctx: ApiContext, spec: string, wait: boolean): Promise<XmlRpcValue> {
  const { process } = lookup(current(ctx).supervisor, spec);
  if (process === null) return stopProcessGroup(ctx, splitNamespec(spec).group, wait);
  await stopOne(process, spec, wait);
  return true;
}

export function stopProcessGroup(ctx: ApiContext, group: string, wait: boolean): Promise<XmlRpcStruct[]> {
  return forEach(groupProcesses(ctx, group), isRunning, (p, spec) => stopOne(p, spec, wait));
}

/** Stops every running process at once; supervisord's stopAllProcesses does not order by priority either. */
export function stopAllProcesses(ctx: ApiContext, wait: boolean): Promise<XmlRpcStruct[]> {
  const procs = current(ctx).supervisor.processesInPriorityOrder();
  return forEach(procs, isRunning, (p, spec) => stopOne(p, spec, wait));
}

export async function signalProcess(
  ctx: ApiContext,
  spec: string,
  signal: XmlRpcValue,
): Promise<XmlRpcValue> {
  const { process } = lookup(current(ctx).supervisor, spec);
  if (process === null) return signalProcessGroup(ctx, splitNamespec(spec).group, signal);
  await signalOne(process, spec, signal);
  return true;
}

export function signalProcessGroup(
  ctx: ApiContext,
  group: string,
  signal: XmlRpcValue,
): Promise<XmlRpcStruct[]> {
  return forEach(groupProcesses(ctx, group), isSignallable, (p, spec) => signalOne(p, spec, signal));
}

export function signalAllProcesses(ctx: ApiContext, signal: XmlRpcValue): Promise<XmlRpcStruct[]> {
  const procs = current(ctx).supervisor.processesInPriorityOrder();
  return forEach(procs, isSignallable, (p, spec) => signalOne(p, spec, signal));
}

async function startOne(ctx: ApiContext, p: ProcessRunner, spec: string, wait: boolean): Promise<void> {
  checkCommand(ctx, p);
  if (isRunning(p)) throw new RpcFault('ALREADY_STARTED', spec);
  if (p.state === 'UNKNOWN') throw new RpcFault('FAILED', `${spec} is in an unknown process state`);
  p.start();
  // supervisord forks synchronously and reports a failed spawn at once; our spawn settles a moment later.
  await p.until((state, r) => state !== 'STARTING' || r.pid > 0);
  if (p.lifecycle.spawnError) throw new RpcFault('SPAWN_ERROR', spec);
  if (!wait || p.state === 'RUNNING') return;
  await p.until((state) => state !== 'STARTING');
  // An exit before startsecs sets the spawn error too ("Exited too quickly"), as in supervisord.
  if (p.lifecycle.spawnError) throw new RpcFault('SPAWN_ERROR', spec);
  // Read again: the state changed while we waited (TypeScript still holds the earlier narrowing).
  if ((p as ProcessRunner).state !== 'RUNNING') throw new RpcFault('ABNORMAL_TERMINATION', spec);
}

/**
 * supervisord checks the command before spawning, so a missing or non-executable file is a fault
 * of its own (NO_FILE, NOT_EXECUTABLE) rather than a spawn error.
 */
function checkCommand(ctx: ApiContext, p: ProcessRunner): void {
  const env = current(ctx).supervisor.config.supervisord.environment;
  const path = p.config.environment.PATH ?? env.PATH ?? process.env.PATH;
  try {
    resolveExecutable(p.config.command, path);
  } catch (err) {
    if (!isModulusError(err)) throw err;
    if (err.message.startsWith("can't find command")) throw new RpcFault('NO_FILE', err.message);
    throw new RpcFault('NOT_EXECUTABLE', err.message);
  }
}

async function stopOne(p: ProcessRunner, spec: string, wait: boolean): Promise<void> {
  if (!isRunning(p)) throw new RpcFault('NOT_RUNNING', spec);
  p.stop();
  if (wait) await p.until((state) => STOPPED_STATES.includes(state));
}

async function signalOne(p: ProcessRunner, spec: string, signal: XmlRpcValue): Promise<void> {
  let name: string;
  try {
    name = signalName(String(signal));
  } catch {
    throw new RpcFault('BAD_SIGNAL', String(signal));
  }
  if (!isSignallable(p)) throw new RpcFault('NOT_RUNNING', spec);
  let sent: boolean;
  try {
    sent = p.signal(name);
  } catch (err) {
    throw new RpcFault('FAILED', `unable to signal ${p.name} (pid ${p.pid}): ${String(err)}`);
  }
  if (!sent) throw new RpcFault('FAILED', `attempted to send ${p.name} sig SIG${name} but it wasn't running`);
}

function groupProcesses(ctx: ApiContext, group: string): ProcessRunner[] {
  const supervisor = current(ctx).supervisor;
  if (!supervisor.groups.has(group)) throw new RpcFault('BAD_NAME', group);
  return supervisor.processesOf(group);
}

/**
 * supervisord's make_allfunc: act on each process the predicate picks, all at once, and report each
 * as it finishes, so refusals come first and waited-for starts and stops in the order they end.
 */
async function forEach(
  procs: ProcessRunner[],
  predicate: (p: ProcessRunner) => boolean,
  op: Op,
): Promise<XmlRpcStruct[]> {
  const results: XmlRpcStruct[] = [];
  const report = (p: ProcessRunner, status: number, description: string): void => {
    results.push({ name: p.name, group: p.group, status, description });
  };
  await Promise.all(
    procs.filter(predicate).map((p) =>
      op(p, namespec(p)).then(
        () => report(p, FAULTS.SUCCESS, 'OK'),
        (err: unknown) => {
          if (!(err instanceof RpcFault)) throw err;
          report(p, err.faultCode, err.faultString);
        },
      ),
    ),
  );
  return results;
}

function isRunning(p: ProcessRunner): boolean {
  return RUNNING_STATES.includes(p.state);
}

function isSignallable(p: ProcessRunner): boolean {
  return SIGNALLABLE_STATES.includes(p.state);
}
