// `fg <process>`: the process's stdout and stderr stream to the terminal (over /logtail) while each
// line typed is sent to its stdin, until Ctrl-C, end of input, or the process stops running.
import { RpcHttpError } from '../rpc/client.js';
import { FAULTS, RpcFault } from '../rpc/faults.js';
import type { CommandSpec, Controller } from './controller.js';
import { describeError } from './controller.js';
import { pump } from './log-stream.js';
import { toProcessInfo } from './format.js';

const RUNNING = 20;
const FG_HELP = [
  'fg <process>\tAttach the terminal to a process: its output here, your lines to its stdin',
  '\t\tCtrl-C to detach',
];

/** Python's str() of an xmlrpc Fault. */
function faultText(err: RpcFault): string {
  return `<Fault ${err.faultCode}: '${err.faultString}'>`;
}

function stream(ctl: Controller, path: string, signal: AbortSignal): void {
  ctl
    .client()
    .get(path, signal)
    .then((res) => pump(res, (chunk) => ctl.io.write(chunk), signal))
    .catch((err: unknown) => {
      if (signal.aborted) return;
      const url = `${ctl.serverUrl}${path}`;
      if (err instanceof RpcHttpError) ctl.io.writeError(`${url} Cannot read, status code ${err.status}\n`);
      else ctl.io.writeError(`${url} Cannot connect, ${describeError(err)}\n`);
    });
}

async function isRunning(ctl: Controller, name: string): Promise<boolean> {
  return toProcessInfo(await ctl.call('getProcessInfo', [name])).state === RUNNING;
}

async function fg(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const names = arg.split(/\s+/).filter(Boolean);
  if (names.length === 0) return ctl.fail('ERROR: no process name supplied', FG_HELP);
  if (names.length > 1) return ctl.fail('ERROR: too many process names supplied');
  const name = names[0]!;
  try {
    if (!(await isRunning(ctl, name))) return ctl.fail('ERROR: process not running');
  } catch (err) {
    if (!(err instanceof RpcFault)) throw err;
    if (err.faultCode === FAULTS.BAD_NAME) return ctl.fail('ERROR: bad process name supplied');
    return ctl.output(`ERROR: ${faultText(err)}`);
  }
  ctl.output('==> Press Ctrl-C to exit <==');
  const abort = new AbortController();
  const segment = encodeURIComponent(name).replace(/%3A/gi, ':');
  stream(ctl, `/logtail/${segment}/stdout`, abort.signal);
  stream(ctl, `/logtail/${segment}/stderr`, abort.signal);
  try {
    for (;;) {
      const line = await ctl.io.readLine('');
      if (line === null) return ctl.output('Exiting foreground');
      try {
        await ctl.call('sendProcessStdin', [name, `${line}\n`]);
      } catch (err) {
        if (!(err instanceof RpcFault)) throw err;
        ctl.output(err.faultCode === FAULTS.NOT_RUNNING ? 'Process got killed' : `ERROR: ${faultText(err)}`);
        return ctl.output('Exiting foreground');
      }
      if (!(await isRunning(ctl, name))) {
        ctl.output('Process got killed');
        return ctl.output('Exiting foreground');
      }
    }
  } finally {
    abort.abort();
  }
}

export const fgCommand: CommandSpec = { run: fg, help: FG_HELP };
