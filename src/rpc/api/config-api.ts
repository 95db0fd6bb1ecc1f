// The configuration methods: getAllConfigInfo (every configured process, with supervisord's fields),
// reloadConfig (read the file again and report [[added, changed, removed]] groups), and adding and
// removing a group by name, which is how `supervisorctl update` applies a reread.
import type { GroupConfig, ProcessConfig, StreamLogConfig } from '../../config/model.js';
import { isModulusError } from '../../errors/modulus-error.js';
import { signalNumber } from '../../os/process.js';
import { lookupUser } from '../../os/users.js';
import type { ChildLogs } from '../../supervisor/child-logs.js';
import type { Supervisor } from '../../supervisor/supervisor.js';
import { RpcFault } from '../faults.js';
import type { XmlRpcStruct, XmlRpcValue } from '../xmlrpc-value.js';
import { current, type ApiContext } from './context.js';

/** One struct per process of the last config read, sorted by process name. */
export function getAllConfigInfo(ctx: ApiContext): XmlRpcStruct[] {
  const { supervisor, logs } = current(ctx);
  const infos: XmlRpcStruct[] = [];
  for (const group of supervisor.config.groups) {
    const inuse = supervisor.groups.has(group.name);
    for (const pc of group.processes) infos.push(configInfo(group, pc, inuse, logs));
  }
  return infos.sort((a, b) => (a.name! < b.name! ? -1 : a.name! > b.name! ? 1 : 0));
}

function configInfo(group: GroupConfig, pc: ProcessConfig, inuse: boolean, logs: ChildLogs): XmlRpcStruct {
  return {
    autostart: pc.autostart,
    directory: pc.directory ?? 'none',
    uid: uidOf(pc),
    command: pc.command,
    exitcodes: [...pc.exitcodes],
    group: group.name,
    group_prio: group.priority,
    inuse,
    killasgroup: pc.killasgroup,
    name: pc.name,
    process_prio: pc.priority,
    redirect_stderr: pc.redirectStderr,
    startretries: pc.startretries,
    startsecs: pc.startsecs,
    stopsignal: signalNumber(pc.stopsignal) ?? 15,
    stopwaitsecs: pc.stopwaitsecs,
    // supervisord reports AUTO and a default serverurl as 'none' (its None), never 'auto'.
    serverurl: pc.serverurl ?? 'none',
    ...streamInfo('stdout', pc, pc.stdout, inuse, logs),
    ...streamInfo('stderr', pc, pc.stderr, inuse, logs),
  };
}

/** The stream's keys; an AUTO file has its real name once the group runs, 'auto' before. */
function streamInfo(
  channel: 'stdout' | 'stderr',
  pc: ProcessConfig,
  sc: StreamLogConfig,
  inuse: boolean,
  logs: ChildLogs,
): XmlRpcStruct {
  let logfile: string;
  if (channel === 'stderr' && pc.redirectStderr) logfile = 'none';
  else if (sc.logfile === 'AUTO') logfile = inuse ? (logs.path(pc, channel) ?? 'none') : 'auto';
  else logfile = sc.logfile ?? 'none';
  return {
    [`${channel}_capture_maxbytes`]: sc.captureMaxbytes,
    [`${channel}_events_enabled`]: sc.eventsEnabled,
    [`${channel}_logfile`]: logfile,
    [`${channel}_logfile_backups`]: sc.backups,
    [`${channel}_logfile_maxbytes`]: sc.maxbytes,
    [`${channel}_syslog`]: sc.syslog,
  };
}

function uidOf(pc: ProcessConfig): XmlRpcValue {
  if (pc.user === null) return 'none';
  try {
    return lookupUser(pc.user).uid;
  } catch {
    return 'none';
  }
}

/** [[added, changed, removed]]: one element, as supervisord returns it. */
export async function reloadConfig(ctx: ApiContext): Promise<XmlRpcValue[]> {
  let config;
  try {
    config = await ctx.hooks.reread();
  } catch (err) {
    if (isModulusError(err)) throw new RpcFault('CANT_REREAD', err.message);
    throw err;
  }
  const diff = current(ctx).supervisor.reread(config);
  return [[diff.added, diff.changed, diff.removed]];
}

export function addProcessGroup(ctx: ApiContext, name: string): boolean {
  let outcome: ReturnType<Supervisor['addGroupByName']>;
  try {
    outcome = current(ctx).supervisor.addGroupByName(name);
  } catch (err) {
    // An [fcgi-program:x] whose socket cannot be bound; the group is not added.
    if (isModulusError(err)) throw new RpcFault('FAILED', err.message);
    throw err;
  }
  if (outcome === 'no-such-group') throw new RpcFault('BAD_NAME', name);
  if (outcome === 'already-added') throw new RpcFault('ALREADY_ADDED', name);
  return true;
}

/** Removes a stopped group and closes its log files, so a changed logfile takes effect when it is added again. */
export async function removeProcessGroup(ctx: ApiContext, name: string): Promise<boolean> {
  const { supervisor, logs } = current(ctx);
  const outcome = supervisor.removeGroupByName(name);
  if (outcome === 'no-such-group') throw new RpcFault('BAD_NAME', name);
  if (outcome === 'still-running') throw new RpcFault('STILL_RUNNING', name);
  await logs.close((key) => key.startsWith(`${name}:`));
  return true;
}
