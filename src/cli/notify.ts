// `modulus notify --dir DIR [--max-files N] [--max-bytes SIZE] [--coalesce-secs S]`: the notifier,
// run by a supervisor as an [eventlistener] (events=PROCESS_STATE,REMOTE_COMMUNICATION).
import { byteSize } from '../config/values.js';
import { ModulusError } from '../errors/modulus-error.js';
import { fdLineSink, openParentStdout, wantsLineSink } from '../notify/line-sink.js';
import { runListener } from '../notify/listener.js';
import { Notifier } from '../notify/notifier.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES, NotificationWriter } from '../notify/writer.js';
import { createRpcClient } from '../rpc/client.js';
import { parseFlags } from './flags.js';

const DEFAULT_COALESCE_SECS = 5;

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    [
      { long: 'dir', value: true },
      { long: 'max-files', value: true },
      { long: 'max-bytes', value: true },
      { long: 'coalesce-secs', value: true },
    ],
    'notify',
  );
  const dir = flags.get('dir');
  if (dir === undefined || flags.positional.length > 0) {
    throw new ModulusError(
      'USAGE',
      'notify: usage: modulus notify --dir DIR [--max-files N] [--max-bytes SIZE] [--coalesce-secs S]',
    );
  }
  const maxFiles = number(
    flags.get('max-files'),
    DEFAULT_MAX_FILES,
    '--max-files',
    (v) => Number.isInteger(v) && v >= 1,
  );
  const maxBytes = size(flags.get('max-bytes'));
  const coalesceSecs = number(
    flags.get('coalesce-secs'),
    DEFAULT_COALESCE_SECS,
    '--coalesce-secs',
    (v) => v >= 0,
  );

  const lineSink = wantsLineSink(process.env) ? parentStdoutSink() : undefined;
  const writer = NotificationWriter.open(dir, { maxFiles, maxBytes, lineSink });
  const url = process.env.SUPERVISOR_SERVER_URL;
  // Without a server URL (no [unix_http_server]) the payload is all there is; the record says what is missing.
  const rpc = url
    ? createRpcClient(url, {
        username: process.env.SUPERVISOR_USERNAME || null,
        password: process.env.SUPERVISOR_PASSWORD || null,
        timeoutMs: 5000,
      })
    : null;
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  if (!rpc) log('notify: SUPERVISOR_SERVER_URL is not set; output tails and spawn errors will be unknown');
  const notifier = new Notifier({
    writer,
    rpc,
    coalesceMs: coalesceSecs * 1000,
    onWritten: (name, r) => log(`notify: wrote ${name} (${r.type} ${r.program ?? 'supervisor'})`),
    onError: (err) => log(`notify: ${err instanceof Error ? err.message : String(err)}`),
  });
  const stop = (): void => {
    notifier.flush();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('SIGHUP', stop);
  try {
    await runListener(
      { input: process.stdin, write: (t) => void process.stdout.write(t) },
      (event) => notifier.handle(event.name, event.payload),
      (err) => log(`notify: ${err instanceof Error ? err.message : String(err)}`),
    );
  } finally {
    notifier.flush();
    rpc?.close();
    writer.close();
  }
  return 0;
}

/** The supervisor's stdout; when it cannot be opened the files still work, and notify.log says why. */
function parentStdoutSink(): ((line: string) => void) | undefined {
  try {
    return fdLineSink(openParentStdout());
  } catch (err) {
    process.stderr.write(
      `notify: cannot open the supervisor's stdout for the JSON lines: ${(err as Error).message}\n`,
    );
    return undefined;
  }
}

function number(
  value: string | undefined,
  fallback: number,
  flag: string,
  ok: (v: number) => boolean,
): number {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (value.trim() === '' || !Number.isFinite(v) || !ok(v)) {
    throw new ModulusError(
      'USAGE',
      `notify: ${flag}: expected a non-negative number, got ${JSON.stringify(value)}`,
    );
  }
  return v;
}

function size(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BYTES;
  try {
    const v = byteSize(value);
    if (v >= 1) return v;
  } catch {
    // reported below with the flag's name
  }
  throw new ModulusError(
    'USAGE',
    `notify: --max-bytes: expected a size such as 10MB, got ${JSON.stringify(value)}`,
  );
}
