// Commands about the server's configuration: avail, reread, update, add and remove. None of them
// checks the server first, so an unreachable server shows as an error line with exit status 1.
import { FAULTS, RpcFault } from '../rpc/faults.js';
import type { XmlRpcStruct, XmlRpcValue } from '../rpc/xmlrpc-value.js';
import type { CommandSpec, Controller } from './controller.js';
import { EXIT } from './exit-codes.js';
import { changesLines, configInfoLine, toProcessInfo, toProcessResult } from './format.js';

type Changes = [string[], string[], string[]];

/** Runs `call`; a fault listed in `handled` prints its line and sets exit 1, others propagate. */
async function guarded<T>(
  ctl: Controller,
  call: () => Promise<T>,
  handled: Record<number, (f: RpcFault) => string>,
) {
  try {
    return { ok: true as const, value: await call() };
  } catch (err) {
    if (err instanceof RpcFault) ctl.exitStatus = EXIT.GENERIC;
    const message = err instanceof RpcFault ? handled[err.faultCode] : undefined;
    if (message === undefined) throw err;
    ctl.output(message(err as RpcFault));
    return { ok: false as const };
  }
}

const AVAIL_HELP = ['avail\t\t\tList every configured process'];
const REREAD_HELP = ["reread \t\t\tRead the server's configuration files again, changing nothing yet"];
const UPDATE_HELP = [
  'update\t\t\tRead the configuration again, add and remove groups, restart the changed ones',
  'update all\t\tThe same as update',
  'update <gname> [...]\tUpdate only these groups',
];
const ADD_HELP = ['add <name> [...]\tStart using the configuration of a process group'];
const REMOVE_HELP = ['remove <name> [...]\tStop using the configuration of a stopped process group'];

async function avail(ctl: Controller, arg: string): Promise<void> {
  if (!ctl.acceptsNoArguments('avail', arg, AVAIL_HELP)) return;
  const r = await guarded(ctl, () => ctl.call('getAllConfigInfo'), {
    [FAULTS.SHUTDOWN_STATE]: () => 'ERROR: supervisor shutting down',
  });
  if (r.ok) for (const info of r.value as XmlRpcStruct[]) ctl.output(configInfoLine(info));
}

async function reread(ctl: Controller, arg: string): Promise<void> {
  if (!ctl.acceptsNoArguments('reread', arg, REREAD_HELP)) return;
  const r = await guarded(ctl, () => ctl.call('reloadConfig'), {
    [FAULTS.SHUTDOWN_STATE]: () => 'ERROR: supervisor shutting down',
    [FAULTS.CANT_REREAD]: (f) => `ERROR: ${f.faultString}`,
  });
  if (r.ok) for (const line of changesLines((r.value as XmlRpcValue[])[0] as Changes)) ctl.output(line);
}

async function add(ctl: Controller, arg: string): Promise<void> {
  for (const name of arg.split(/\s+/).filter(Boolean)) {
    try {
      await ctl.call('addProcessGroup', [name]);
      ctl.output(`${name}: added process group`);
    } catch (err) {
      if (!(err instanceof RpcFault)) throw err;
      if (err.faultCode === FAULTS.ALREADY_ADDED) {
        // supervisorctl leaves the exit status alone here: the group is there, as asked.
        ctl.output('ERROR: process group already active');
        continue;
      }
      ctl.exitStatus = EXIT.GENERIC;
      if (err.faultCode === FAULTS.SHUTDOWN_STATE) ctl.output('ERROR: shutting down');
      else if (err.faultCode === FAULTS.BAD_NAME) ctl.output(`ERROR: no such process/group: ${name}`);
      else throw err;
    }
  }
}

async function remove(ctl: Controller, arg: string): Promise<void> {
  for (const name of arg.split(/\s+/).filter(Boolean)) {
    try {
      await ctl.call('removeProcessGroup', [name]);
      ctl.output(`${name}: removed process group`);
    } catch (err) {
      if (!(err instanceof RpcFault)) throw err;
      ctl.exitStatus = EXIT.GENERIC;
      if (err.faultCode === FAULTS.STILL_RUNNING) ctl.output(`ERROR: process/group still running: ${name}`);
      else if (err.faultCode === FAULTS.BAD_NAME) ctl.output(`ERROR: no such process/group: ${name}`);
      else throw err;
    }
  }
}

async function update(ctl: Controller, arg: string): Promise<void> {
  const r = await guarded(ctl, () => ctl.call('reloadConfig'), {
    [FAULTS.SHUTDOWN_STATE]: () => 'ERROR: already shutting down',
  });
  if (!r.ok) return;
  const [added, changed, removed] = (r.value as XmlRpcValue[])[0] as Changes;
  let wanted = new Set(arg.split(/\s+/).filter(Boolean));
  if (wanted.has('all')) wanted = new Set();
  const selected = (group: string) => wanted.size === 0 || wanted.has(group);
  if (wanted.size > 0) {
    const infos = ((await ctl.call('getAllProcessInfo')) as XmlRpcValue[]).map(toProcessInfo);
    const known = new Set([...infos.map((i) => i.group), ...added]);
    for (const group of wanted) {
      if (known.has(group)) continue;
      ctl.output(`ERROR: no such group: ${group}`);
      ctl.exitStatus = EXIT.GENERIC;
    }
  }
  for (const group of removed.filter(selected)) {
    const results = ((await ctl.call('stopProcessGroup', [group])) as XmlRpcValue[]).map(toProcessResult);
    ctl.output(`${group}: stopped`);
    if (results.some((res) => res.status === FAULTS.FAILED)) {
      ctl.output(`${group}: has problems; not removing`);
      ctl.exitStatus = EXIT.GENERIC;
      continue;
    }
    await ctl.call('removeProcessGroup', [group]);
    ctl.output(`${group}: removed process group`);
  }
  for (const group of changed.filter(selected)) {
    await ctl.call('stopProcessGroup', [group]);
    ctl.output(`${group}: stopped`);
    await ctl.call('removeProcessGroup', [group]);
    await ctl.call('addProcessGroup', [group]);
    ctl.output(`${group}: updated process group`);
  }
  for (const group of added.filter(selected)) {
    await ctl.call('addProcessGroup', [group]);
    ctl.output(`${group}: added process group`);
  }
}

export const availCommand: CommandSpec = { run: avail, help: AVAIL_HELP };
export const rereadCommand: CommandSpec = { run: reread, help: REREAD_HELP };
export const updateCommand: CommandSpec = { run: update, help: UPDATE_HELP };
export const addCommand: CommandSpec = { run: add, help: ADD_HELP };
export const removeCommand: CommandSpec = { run: remove, help: REMOVE_HELP };
