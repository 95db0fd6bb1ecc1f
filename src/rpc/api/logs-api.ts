// The log methods: readLog and clearLog for the supervisor's own log; read, tail and clear of a
// process's stdout and stderr logs; clearAllProcessLogs. Reads flush what is queued first, so a
// client sees every line the supervisor has accepted.
import { existsSync } from 'node:fs';
import type { LogFile } from '../../logs/log-file.js';
import { readLog, tailLog } from '../../logs/read-log.js';
import { FAULTS, RpcFault } from '../faults.js';
import type { XmlRpcStruct, XmlRpcValue } from '../xmlrpc-value.js';
import { logFault, lookupProcess, namespec, current, type ApiContext } from './context.js';

type Channel = 'stdout' | 'stderr';

// A disk that refuses writes must not hold a read up: the bytes on disk are served after this.
const FLUSH_WAIT_MS = 500;

export async function readMainLog(ctx: ApiContext, offset: number, length: number): Promise<string> {
  const file = ctx.mainLog.file;
  if (file === null) throw new RpcFault('NO_FILE');
  await settle(file);
  try {
    return readLog(file.path, offset, length);
  } catch (err) {
    throw logFault(err, file.path);
  }
}

/** supervisord removes the file and reopens it; backups stay. */
export async function clearMainLog(ctx: ApiContext): Promise<boolean> {
  const file = ctx.mainLog.file;
  if (file === null || !existsSync(file.path)) throw new RpcFault('NO_FILE');
  ctx.mainLog.clear();
  await settle(file);
  return true;
}

export async function readProcessLog(
  ctx: ApiContext,
  spec: string,
  channel: Channel,
  offset: number,
  length: number,
): Promise<string> {
  const { supervisor, logs } = current(ctx);
  const p = lookupProcess(supervisor, spec);
  const path = logs.path(p.config, channel);
  if (path === null) throw new RpcFault('NO_FILE');
  await settle(logs.file(p.config, channel));
  try {
    return readLog(path, offset, length);
  } catch (err) {
    throw logFault(err, path);
  }
}

/** [text, next offset, overflow]; a process without a log file gives ['', 0, false], as in supervisord. */
export async function tailProcessLog(
  ctx: ApiContext,
  spec: string,
  channel: Channel,
  offset: number,
  length: number,
): Promise<XmlRpcValue[]> {
  const { supervisor, logs } = current(ctx);
  const p = lookupProcess(supervisor, spec);
  const path = logs.path(p.config, channel);
  if (path === null) return ['', 0, false];
  await settle(logs.file(p.config, channel));
  return tailLog(path, offset, length);
}

/** Clears both logs of a process; one that never wrote output has nothing open and nothing to clear. */
export async function clearProcessLogs(ctx: ApiContext, spec: string): Promise<boolean> {
  const { supervisor, logs } = current(ctx);
  const p = lookupProcess(supervisor, spec);
  for (const channel of ['stdout', 'stderr'] as const) {
    const file = logs.file(p.config, channel);
    if (file === undefined) continue;
    file.clear();
    await settle(file);
  }
  return true;
}

export async function clearAllProcessLogs(ctx: ApiContext): Promise<XmlRpcStruct[]> {
  const results: XmlRpcStruct[] = [];
  for (const p of current(ctx).supervisor.processesInPriorityOrder()) {
    try {
      await clearProcessLogs(ctx, namespec(p));
      results.push({ name: p.name, group: p.group, status: FAULTS.SUCCESS, description: 'OK' });
    } catch (err) {
      if (!(err instanceof RpcFault)) throw err;
      results.push({ name: p.name, group: p.group, status: err.faultCode, description: err.faultString });
    }
  }
  return results;
}

async function settle(file: LogFile | undefined): Promise<void> {
  if (file === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([file.flush(), new Promise((resolve) => (timer = setTimeout(resolve, FLUSH_WAIT_MS)))]);
  clearTimeout(timer);
}
