// tail and maintail: the last bytes of a process log or the main log over XML-RPC, or `-f`, which
// follows /logtail/NAME/CHANNEL or /mainlogtail over HTTP until Ctrl-C or the server ends it.
import { RpcHttpError } from '../rpc/client.js';
import { FAULTS, RpcFault } from '../rpc/faults.js';
import type { CommandSpec, Controller } from './controller.js';
import { describeError, pythonRepr } from './controller.js';
import { pump } from './log-stream.js';

/** supervisorctl's default: the last 1600 bytes. */
const DEFAULT_BYTES = 1600;

const TAIL_HELP = [
  'tail [-f] <name> [stdout|stderr] (default stdout)',
  'Ex:',
  'tail -f <name>\t\tFollow the stdout of a process',
  '\t\t\tuntil Ctrl-C.',
  'tail -100 <name>\tthe last 100 *bytes* of its stdout',
  'tail <name> stderr\tthe last 1600 *bytes* of its stderr',
];

const MAINTAIL_HELP = [
  'maintail -f \tFollow the main log of supervisord (Ctrl-C to exit)',
  'maintail -100\tthe last 100 *bytes* of the main log',
  'maintail\tthe last 1600 *bytes* of the main log',
  '',
];

/** Python's int(): optional sign, digits, surrounding blanks and underscores between digits. */
function pythonInt(text: string): number | undefined {
  return /^\s*[-+]?\d+(_\d+)*\s*$/.test(text) ? Number(text.replace(/_/g, '')) : undefined;
}

/** Makes a process name safe in a request path; the server decodes %-escapes. */
function pathSegment(name: string): string {
  return encodeURIComponent(name).replace(/%3A/gi, ':');
}

/** Streams a log tail to stdout until Ctrl-C (which prints an empty line) or the server stops. */
export async function follow(ctl: Controller, path: string): Promise<void> {
  ctl.output('==> Press Ctrl-C to exit <==');
  const abort = new AbortController();
  const stopListening = ctl.io.onInterrupt(() => abort.abort());
  try {
    const res = await ctl.client().get(path, abort.signal);
    await pump(res, (chunk) => ctl.io.write(chunk), abort.signal);
  } catch (err) {
    // supervisorctl's HTTP client reports these on stderr and leaves the exit status alone.
    const url = `${ctl.serverUrl}${path}`;
    if (abort.signal.aborted) return;
    if (err instanceof RpcHttpError) ctl.io.writeError(`${url} Cannot read, status code ${err.status}\n`);
    else ctl.io.writeError(`${url} Cannot connect, ${describeError(err)}\n`);
  } finally {
    stopListening();
    if (abort.signal.aborted) ctl.output('');
  }
}

async function tail(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const args = arg.split(/\s+/).filter(Boolean);
  if (args.length < 1) return ctl.fail('Error: too few arguments', TAIL_HELP);
  if (args.length > 3) return ctl.fail('Error: too many arguments', TAIL_HELP);
  const modifier = args[0]!.startsWith('-') ? args.shift() : undefined;
  let name: string;
  let channel = 'stdout';
  if (args.length === 1) name = args[0]!;
  else if (args.length > 1) {
    name = args[0]!;
    channel = args[args.length - 1]!.toLowerCase();
    if (channel !== 'stdout' && channel !== 'stderr')
      return ctl.fail(`Error: bad channel ${pythonRepr(channel)}`);
  } else return ctl.fail('Error: tail requires process name');

  let bytes: number | 'follow' = DEFAULT_BYTES;
  if (modifier !== undefined) {
    const what = modifier.slice(1);
    const n = what === 'f' ? 'follow' : pythonInt(what);
    if (n === undefined) return ctl.fail(`Error: bad argument ${modifier}`);
    bytes = n;
  }
  if (bytes === 'follow') return follow(ctl, `/logtail/${pathSegment(name)}/${channel}`);
  const method = channel === 'stdout' ? 'readProcessStdoutLog' : 'readProcessStderrLog';
  try {
    ctl.output(String(await ctl.call(method, [name, -bytes, 0])));
  } catch (err) {
    const reason = err instanceof RpcFault ? TAIL_FAULTS[err.faultCode] : undefined;
    if (reason === undefined) throw err;
    ctl.fail(`${name}: ERROR (${reason})`);
  }
}

const TAIL_FAULTS: Readonly<Record<number, string>> = {
  [FAULTS.NO_FILE]: 'no log file',
  [FAULTS.FAILED]: 'unknown error reading log',
  [FAULTS.BAD_NAME]: 'no such process name',
};

async function maintail(ctl: Controller, arg: string): Promise<void> {
  if (!(await ctl.upcheck())) return;
  const args = arg.split(/\s+/).filter(Boolean);
  if (args.length > 1) return ctl.fail('Error: too many arguments', MAINTAIL_HELP);
  let bytes = DEFAULT_BYTES;
  if (args.length === 1) {
    const word = args[0]!;
    if (word === '-f') return follow(ctl, '/mainlogtail');
    const n = word.startsWith('-') ? pythonInt(word.slice(1)) : undefined;
    if (n === undefined) return ctl.fail(`Error: bad argument ${word}`);
    bytes = n;
  }
  try {
    ctl.output(String(await ctl.call('readLog', [-bytes, 0])));
  } catch (err) {
    const reason =
      err instanceof RpcFault && err.faultCode !== FAULTS.BAD_NAME ? TAIL_FAULTS[err.faultCode] : undefined;
    if (reason === undefined) throw err;
    ctl.fail(`supervisord: ERROR (${reason})`);
  }
}

export const tailCommand: CommandSpec = { run: tail, help: TAIL_HELP };
export const maintailCommand: CommandSpec = { run: maintail, help: MAINTAIL_HELP };
