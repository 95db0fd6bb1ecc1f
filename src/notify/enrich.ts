// Fills in what an event's payload lacks from the supervisor's XML-RPC API: the last lines of output
// (tailProcessStdoutLog/tailProcessStderrLog), the spawn error (getProcessInfo) and, under
// supervisord, the exit status and uptime from its main log (readLog). What stays unknown is named.
import { TailBuffer } from '../logs/tail-buffer.js';
import { findExit } from './main-log.js';
import type { StateEvent } from './notify-event.js';
import type { ExitFacts, OutputTail } from './record.js';

/** The one call enrich needs from an XML-RPC client (src/rpc's client satisfies it). */
export interface Rpc {
  call(method: string, params?: readonly (string | number)[]): Promise<unknown>;
}

export interface Enriched {
  readonly pid: number | null;
  readonly exit: ExitFacts;
  readonly uptimeSeconds: number | null;
  readonly restarts: number | null;
  readonly spawnError: string | null;
  readonly output: OutputTail;
  readonly unknown: string[];
}

/** The bound on the output kept in a notification: about 50 lines within 8 KiB, per stream. */
export const OUTPUT_LINES = 50;
export const OUTPUT_BYTES = 8192;
// Enough of supervisord's main log to hold the spawn and exit lines of a recent crash.
const MAIN_LOG_BYTES = 65536;

export async function enrich(event: StateEvent, rpc: Rpc | null): Promise<Enriched> {
  const name =
    event.group && event.group !== event.program ? `${event.group}:${event.program}` : event.program;
  const ended = event.state === 'EXITED' || event.state === 'BACKOFF' || event.state === 'FATAL';
  let exit: ExitFacts = {
    code: event.exitcode,
    signal: event.signal === null ? null : normalSignal(event.signal),
  };
  let uptimeSeconds = event.uptimeSeconds;
  let spawnError = event.spawnerr;
  const output: OutputTail = rpc
    ? {
        stdout: await tail(rpc, 'supervisor.tailProcessStdoutLog', name),
        stderr: await tail(rpc, 'supervisor.tailProcessStderrLog', name),
      }
    : { stdout: null, stderr: null };

  if (rpc && spawnError === null && event.state !== 'EXITED') {
    const info = await call(rpc, 'supervisor.getProcessInfo', [name]);
    if (info && typeof info === 'object' && 'spawnerr' in info && typeof info.spawnerr === 'string') {
      spawnError = info.spawnerr === '' ? null : info.spawnerr;
    }
  }
  if (rpc && !event.extended && ended && exit.code === null && exit.signal === null) {
    const log = await call(rpc, 'supervisor.readLog', [-MAIN_LOG_BYTES, 0]);
    const found = typeof log === 'string' ? findExit(log, event.program, event.pid) : null;
    if (found) {
      exit = found.exit;
      uptimeSeconds = found.uptimeSeconds;
    }
  }

  const unknown: string[] = [];
  // A spawn error means no process ran: there is no exit status or uptime to learn.
  const ran = event.state === 'EXITED' || (ended && !isSpawnFailure(spawnError));
  if (ran && exit.code === null && exit.signal === null) unknown.push('exit');
  if (ran && uptimeSeconds === null) unknown.push('uptimeSeconds');
  if (event.restarts === null) unknown.push('restarts');
  if (event.state === 'EXITED' && event.pid === null) unknown.push('pid');
  if (output.stdout === null) unknown.push('output');
  return { pid: event.pid, exit, uptimeSeconds, restarts: event.restarts, spawnError, output, unknown };
}

function isSpawnFailure(spawnError: string | null): boolean {
  return (
    spawnError !== null &&
    !spawnError.startsWith('Exited too quickly') &&
    !spawnError.startsWith('Bad exit code')
  );
}

/** `SIGKILL` from our payload's `KILL` (or a name that already has the prefix). */
export function normalSignal(value: string): string {
  const upper = value.toUpperCase();
  return /^\d+$/.test(upper) || upper.startsWith('SIG') ? upper : `SIG${upper}`;
}

/** The last lines of one of the program's logs, or null when it has none (NO_FILE) or the call failed. */
async function tail(rpc: Rpc, method: string, name: string): Promise<string[] | null> {
  const result = await call(rpc, method, [name, 0, OUTPUT_BYTES]);
  if (!Array.isArray(result) || typeof result[0] !== 'string' || typeof result[1] !== 'number') return null;
  const text = result[0];
  // The offset returned is the log's size: when it is past what we got, the first line is cut.
  const cut = result[1] > Buffer.byteLength(text);
  const buffer = new TailBuffer({ maxLines: OUTPUT_LINES, maxBytes: OUTPUT_BYTES });
  const body = cut && text.includes('\n') ? text.slice(text.indexOf('\n') + 1) : text;
  buffer.push(Buffer.from(body));
  return buffer.lines();
}

async function call(rpc: Rpc, method: string, params: readonly (string | number)[]): Promise<unknown> {
  try {
    return await rpc.call(method, params);
  } catch {
    return undefined;
  }
}
