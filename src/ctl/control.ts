// start, stop, restart and signal: by process name, `group:*` and `all`, printing one result
// line per process as supervisorctl does and choosing its exit status from the faults.
import { FAULTS, RpcFault } from '../rpc/faults.js';
import type { XmlRpcValue } from '../rpc/xmlrpc-value.js';
import type { CommandSpec, Controller } from './controller.js';
import { EXIT, exitAfterFault } from './exit-codes.js';
import { namespec, resultLine, splitNamespec, toProcessResult } from './format.js';

interface Action {
  readonly kind: 'start' | 'signal';
  readonly verb: string;
  /** The fault that does not change the exit status (already started / not running). */
  readonly tolerated?: number;
  /** Exit status for a group name the server does not know. */
  readonly badGroupExit: number;
  readonly all: (ctl: Controller) => Promise<XmlRpcValue>;
  readonly group: (ctl: Controller, group: string) => Promise<XmlRpcValue>;
  readonly one: (ctl: Controller, name: string) => Promise<XmlRpcValue>;
}

async function apply(ctl: Controller, action: Action, names: readonly string[]): Promise<void> {
  const report = (results: XmlRpcValue) => {
    for (const result of (results as XmlRpcValue[]).map(toProcessResult)) {
      ctl.output(resultLine(action.kind, result, action.verb));
      ctl.exitStatus = exitAfterFault(ctl.exitStatus, result.status, action.tolerated);
    }
  };
  if (names.includes('all')) return report(await action.all(ctl));
  for (const name of names) {
    const { group, process } = splitNamespec(name);
    if (process === null) {
      try {
        report(await action.group(ctl, group));
      } catch (err) {
        if (!(err instanceof RpcFault)) throw err;
        if (err.faultCode !== FAULTS.BAD_NAME) {
          ctl.exitStatus = EXIT.GENERIC;
          throw err;
        }
        ctl.output(`${group}: ERROR (no such group)`);
        ctl.exitStatus = action.badGroupExit;
      }
      continue;
    }
    try {
      await action.one(ctl, name);
      ctl.output(`${namespec(group, process)}: ${action.verb}`);
    } catch (err) {
      if (!(err instanceof RpcFault)) throw err;
      const result = { name: process, group, status: err.faultCode, description: err.faultString };
      ctl.output(resultLine(action.kind, result, action.verb));
      ctl.exitStatus = exitAfterFault(ctl.exitStatus, err.faultCode, action.tolerated);
    }
  }
}

const START: Action = {
  kind: 'start',
  verb: 'started',
  tolerated: FAULTS.ALREADY_STARTED,
  badGroupExit: EXIT.INVALID_ARGS,
  all: (ctl) => ctl.call('startAllProcesses'),
  group: (ctl, g) => ctl.call('startProcessGroup', [g]),
  one: (ctl, n) => ctl.call('startProcess', [n]),
};

const STOP: Action = {
  kind: 'signal',
  verb: 'stopped',
  tolerated: FAULTS.NOT_RUNNING,
  badGroupExit: EXIT.GENERIC,
  all: (ctl) => ctl.call('stopAllProcesses'),
  group: (ctl, g) => ctl.call('stopProcessGroup', [g]),
  one: (ctl, n) => ctl.call('stopProcess', [n]),
};

function words(arg: string): string[] {
  return arg.split(/\s+/).filter(Boolean);
}

const START_HELP = [
  'start <name>\t\tStart one process',
  'start <gname>:*\t\tStart every process in a group',
  'start <name> <name>\tStart several processes or groups',
  'start all\t\tStart every process',
];
const STOP_HELP = [
  'stop <name>\t\tStop one process',
  'stop <gname>:*\t\tStop every process in a group',
  'stop <name> <name>\tStop several processes or groups',
  'stop all\t\tStop every process',
];
const RESTART_HELP = [
  'restart <name>\t\tStop then start one process',
  'restart <gname>:*\tStop then start every process in a group',
  'restart <name> <name>\tStop then start several processes or groups',
  'restart all\t\tStop then start every process',
  'Note: restart keeps the configuration the server has; use reread and update to load changes.',
];
const SIGNAL_HELP = [
  'signal <signal name> <name>\t\tSend a signal to one process',
  'signal <signal name> <gname>:*\t\tSend a signal to every process in a group',
  'signal <signal name> <name> <name>\tSend a signal to several processes or groups',
  'signal <signal name> all\t\tSend a signal to every process',
];

async function start(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const names = words(arg);
  if (names.length === 0)
    return ctl.fail('Error: start requires a process name', START_HELP, EXIT.INVALID_ARGS);
  await apply(ctl, START, names);
}

async function stop(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const names = words(arg);
  if (names.length === 0) return ctl.fail('Error: stop requires a process name', STOP_HELP, EXIT.GENERIC);
  await apply(ctl, STOP, names);
}

async function restart(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  if (words(arg).length === 0)
    return ctl.fail('Error: restart requires a process name', RESTART_HELP, EXIT.GENERIC);
  await stop(ctl, arg);
  await start(ctl, arg);
}

async function signal(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const [sig, ...names] = words(arg);
  if (sig === undefined || names.length === 0)
    return ctl.fail('Error: signal requires a signal name and a process name', SIGNAL_HELP, EXIT.GENERIC);
  await apply(
    ctl,
    {
      kind: 'signal',
      verb: 'signalled',
      badGroupExit: EXIT.GENERIC,
      all: (c) => c.call('signalAllProcesses', [sig]),
      group: (c, g) => c.call('signalProcessGroup', [g, sig]),
      one: (c, n) => c.call('signalProcess', [n, sig]),
    },
    names,
  );
}

export const startCommand: CommandSpec = { run: start, help: START_HELP };
export const stopCommand: CommandSpec = { run: stop, help: STOP_HELP };
export const restartCommand: CommandSpec = { run: restart, help: RESTART_HELP };
export const signalCommand: CommandSpec = { run: signal, help: SIGNAL_HELP };
