// The small commands: pid, version, open, and quit/exit/EOF, which end the shell.
import { RpcFault, FAULTS } from '../rpc/faults.js';
import type { XmlRpcValue } from '../rpc/xmlrpc-value.js';
import type { CommandSpec, Controller } from './controller.js';
import { EXIT } from './exit-codes.js';
import { toProcessInfo } from './format.js';

async function pid(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const names = arg.split(/\s+/).filter(Boolean);
  if (names.length === 0) return ctl.output(String(await ctl.call('getPID')));
  if (names.includes('all')) {
    const infos = (await ctl.call('getAllProcessInfo')) as XmlRpcValue[];
    for (const info of infos.map(toProcessInfo)) ctl.output(String(info.pid));
    return;
  }
  for (const name of names) {
    try {
      const info = toProcessInfo(await ctl.call('getProcessInfo', [name]));
      ctl.output(String(info.pid));
      if (info.pid === 0) ctl.exitStatus = EXIT.NOT_RUNNING;
    } catch (err) {
      if (err instanceof RpcFault) ctl.exitStatus = EXIT.GENERIC;
      if (!(err instanceof RpcFault) || err.faultCode !== FAULTS.BAD_NAME) throw err;
      ctl.output(`No such process ${name}`);
    }
  }
}

const VERSION_HELP = ['version\t\t\tShow the version of the supervisor the shell is talking to'];

async function version(ctl: Controller, arg: string): Promise<void> {
  if (!ctl.acceptsNoArguments('version', arg, VERSION_HELP)) return;
  if (!(await ctl.upcheck())) return;
  ctl.output(String(await ctl.call('getSupervisorVersion')));
}

async function open(ctl: Controller, arg: string): Promise<void> {
  const url = arg.trim();
  if (!/^(unix|http):/i.test(url)) return ctl.fail('ERROR: url must be http:// or unix://');
  ctl.options.serverurl = url;
  ctl.reconnect();
  // The status shown after connecting does not change the exit status.
  const before = ctl.exitStatus;
  await ctl.command('status')?.run(ctl, '');
  ctl.exitStatus = before;
}

async function quit(ctl: Controller): Promise<'exit'> {
  ctl.output('');
  return 'exit';
}

export const pidCommand: CommandSpec = {
  run: pid,
  help: [
    'pid\t\t\tThe pid of the supervisor.',
    'pid <name>\t\tThe pid of one process.',
    'pid all\t\t\tThe pid of every process, one per line.',
  ],
};
export const versionCommand: CommandSpec = { run: version, help: VERSION_HELP };
export const openCommand: CommandSpec = {
  run: open,
  help: ['open <url>\tTalk to another supervisor.', '\t\t(unix:///path/to/socket for a UNIX domain socket)'],
};
export const quitCommand: CommandSpec = { run: quit, help: ['quit\tLeave the shell.'] };
export const exitCommand: CommandSpec = { run: quit, help: ['exit\tLeave the shell.'] };
/** End of input; supervisorctl also accepts it as a command and lists no help for it. */
export const eofCommand: CommandSpec = { run: quit };
