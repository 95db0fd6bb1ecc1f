// `clear <name>|all`: empties process log files, one result line per process.
import { RpcFault } from '../rpc/faults.js';
import type { XmlRpcValue } from '../rpc/xmlrpc-value.js';
import type { CommandSpec, Controller } from './controller.js';
import { exitAfterFault } from './exit-codes.js';
import { namespec, resultLine, splitNamespec, toProcessResult } from './format.js';

const CLEAR_HELP = [
  'clear <name>\t\tEmpty the log files of one process.',
  'clear <name> <name>\tEmpty the log files of several processes',
  'clear all\t\tEmpty the log files of every process',
];

async function clear(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const names = arg.split(/\s+/).filter(Boolean);
  if (names.length === 0) {
    return ctl.fail('Error: clear requires a process name', CLEAR_HELP);
  }
  if (names.includes('all')) {
    const results = (await ctl.call('clearAllProcessLogs')) as XmlRpcValue[];
    for (const result of results.map(toProcessResult)) {
      ctl.output(resultLine('clear', result, 'cleared'));
      ctl.exitStatus = exitAfterFault(ctl.exitStatus, result.status);
    }
    return;
  }
  for (const name of names) {
    const { group, process } = splitNamespec(name);
    try {
      await ctl.call('clearProcessLogs', [name]);
      ctl.output(`${namespec(group, process ?? 'None')}: cleared`);
    } catch (err) {
      if (!(err instanceof RpcFault)) throw err;
      const result = { name: process ?? 'None', group, status: err.faultCode, description: err.faultString };
      ctl.output(resultLine('clear', result, 'cleared'));
      ctl.exitStatus = exitAfterFault(ctl.exitStatus, err.faultCode);
    }
  }
}

export const clearCommand: CommandSpec = { run: clear, help: CLEAR_HELP };
