// reload and shutdown of the server itself; the interactive shell asks first, as supervisorctl does.
import { FAULTS, RpcFault } from '../rpc/faults.js';
import type { CommandSpec, Controller } from './controller.js';
import { connectionErrno } from './controller.js';
import { EXIT } from './exit-codes.js';

const SHUTDOWN_HELP = ['shutdown \tStop the supervisor and every process it runs.'];
const RELOAD_HELP = ['reload \t\tRestart the supervisor, reading its configuration again.'];

async function confirmed(ctl: Controller, question: string): Promise<boolean> {
  if (!ctl.options.interactive) return true;
  const answer = await ctl.io.readLine(question);
  return (answer ?? '').toLowerCase().startsWith('y');
}

async function shutdown(ctl: Controller, arg: string): Promise<void> {
  if (!ctl.acceptsNoArguments('shutdown', arg, SHUTDOWN_HELP)) return;
  if (!(await confirmed(ctl, 'Really shut the remote supervisord process down y/N? '))) return;
  try {
    await ctl.call('shutdown');
  } catch (err) {
    if (err instanceof RpcFault && err.faultCode === FAULTS.SHUTDOWN_STATE) {
      ctl.output('ERROR: already shutting down');
      return;
    }
    ctl.exitStatus = EXIT.GENERIC;
    const errno = connectionErrno(err);
    if (errno === 'ECONNREFUSED')
      ctl.output(`ERROR: ${ctl.serverUrl} refused connection (already shut down?)`);
    else if (errno === 'ENOENT') ctl.output(`ERROR: ${ctl.serverUrl} no such file (already shut down?)`);
    else throw err;
    return;
  }
  ctl.output('Shut down');
}

async function reload(ctl: Controller, arg: string): Promise<void> {
  if (!ctl.acceptsNoArguments('reload', arg, RELOAD_HELP)) return;
  if (!(await confirmed(ctl, 'Really restart the remote supervisord process y/N? '))) return;
  try {
    await ctl.call('restart');
  } catch (err) {
    ctl.exitStatus = EXIT.GENERIC;
    if (err instanceof RpcFault && err.faultCode === FAULTS.SHUTDOWN_STATE) {
      ctl.output('ERROR: already shutting down');
      return;
    }
    throw err;
  }
  ctl.output('Restarted supervisord');
}

export const shutdownCommand: CommandSpec = { run: shutdown, help: SHUTDOWN_HELP };
export const reloadCommand: CommandSpec = { run: reload, help: RELOAD_HELP };
