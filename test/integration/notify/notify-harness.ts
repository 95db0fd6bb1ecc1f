// Runs a supervisor with `modulus notify` as its [eventlistener] in a temp dir, and reads the
// notifications it writes. Debian's supervisord is the reference; ours is used when it runs listeners,
// and 'in-process' runs ours with [modulus:notify] (the notifier inside the supervisor) instead.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { parseRecord, type NotificationRecord } from '../../../src/notify/record.js';
import { NOTIFICATION_NAME } from '../../../src/notify/writer.js';
import { createRpcClient, type RpcClient } from '../../../src/rpc/client.js';
import { requireDebianSupervisor } from '../../helpers/require-tool.js';

export const DEBIAN_SUPERVISORD = '/usr/bin/supervisord';

export type SupervisorFlavour = 'debian' | 'modulus' | 'in-process';

/** Every way the notifier runs: under Debian's supervisord, as a listener under ours, inside ours. */
export const FLAVOURS: readonly SupervisorFlavour[] = ['debian', 'modulus', 'in-process'];

/** `--coalesce-secs 30 --max-files 2` as [modulus:notify] keys: the same settings either way. */
export function notifyKeys(args: string): string {
  const words = args.trim() === '' ? [] : args.trim().split(/\s+/);
  const lines: string[] = [];
  for (let i = 0; i < words.length; i += 2)
    lines.push(`${words[i]!.replace(/^--/, '').replace(/-/g, '_')}=${words[i + 1]}`);
  return lines.join('\n');
}

function notifierSection(notifications: string, dir: string, options: HarnessOptions): string {
  if (options.flavour === 'in-process')
    return `[modulus:notify]\ndir=${notifications}\n${notifyKeys(options.notifyArgs ?? '')}`;
  return `[eventlistener:notify]
command=${process.execPath} ${MODULUS_BIN} notify --dir ${notifications} ${options.notifyArgs ?? ''}
events=${options.events ?? 'PROCESS_STATE'}
buffer_size=1000
stdout_logfile=${dir}/notify.out
stderr_logfile=${dir}/notify.err`;
}

export interface Harness {
  readonly dir: string;
  readonly notifications: string;
  readonly child: ChildProcess;
  rpc(): RpcClient;
  records(): { name: string; record: NotificationRecord }[];
  waitForRecord(
    what: string,
    match: (r: NotificationRecord) => boolean,
    timeoutMs?: number,
  ): Promise<NotificationRecord>;
  mainLog(): string;
  /** What the supervisor wrote on its stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly flavour?: SupervisorFlavour;
  readonly notifyArgs?: string;
  readonly events?: string;
  /** Prepares the notifications directory before the supervisor starts. */
  readonly notificationsDir?: string;
  /** Added to the supervisor's (scrubbed) environment. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * The supervisor's stdout and stderr go to a file, as a container runtime gives it a pipe or a
   * file (Node's own pipes are sockets, which /proc/PID/fd/1 cannot reopen).
   */
  readonly outputToFile?: boolean;
}

/** Whether Debian's supervisord is here; a test that needs it fails in CI when it is not. */
export function requireDebianSupervisord(t: TestContext): boolean {
  return requireDebianSupervisor(t);
}

export async function startWithNotifier(
  t: TestContext,
  programs: string,
  options: HarnessOptions = {},
): Promise<Harness> {
  const dir = tempDir(t, 'modulus-notify-');
  const notifications = options.notificationsDir ?? path.join(dir, 'notifications');
  if (!fs.existsSync(notifications)) fs.mkdirSync(notifications);
  const sock = path.join(dir, 'supervisor.sock');
  const config = `[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}
loglevel=info

[unix_http_server]
file=${sock}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

${notifierSection(notifications, dir, options)}

${programs}
`;
  const configFile = path.join(dir, 'supervisord.conf');
  fs.writeFileSync(configFile, config);
  const argv =
    (options.flavour ?? 'debian') === 'debian'
      ? [DEBIAN_SUPERVISORD, '-n', '-c', configFile]
      : [process.execPath, MODULUS_BIN, 'supervisord', '-n', '-c', configFile];
  const outputFile = path.join(dir, 'supervisor.out');
  const outFd = options.outputToFile ? fs.openSync(outputFile, 'a') : null;
  const child = spawn(argv[0]!, argv.slice(1), {
    env: { ...scrubbedEnv(), ...options.env },
    stdio: outFd === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', outFd, outFd],
  });
  if (outFd !== null) fs.closeSync(outFd);
  let piped = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (piped += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (piped += d));
  const output = (): string => (outFd === null ? piped : fs.readFileSync(outputFile, 'utf8'));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let client: RpcClient | null = null;
  const stop = async (): Promise<void> => {
    client?.close();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };
  t.after(stop);
  const records = (): { name: string; record: NotificationRecord }[] =>
    fs
      .readdirSync(notifications)
      .filter((n) => NOTIFICATION_NAME.test(n))
      .sort()
      .flatMap((name) => {
        const record = parseRecord(fs.readFileSync(path.join(notifications, name), 'utf8'));
        return record ? [{ name, record }] : [];
      });
  const diagnostics = (): string => {
    const read = (f: string): string => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
    return `--- supervisor ---\n${output()}${read(path.join(dir, 'supervisord.log'))}\n--- notify stderr ---\n${read(path.join(dir, 'notify.err'))}`;
  };
  await waitFor('the supervisor socket', () => fs.existsSync(sock), { timeoutMs: 15_000 }).catch(
    (err: Error) => {
      throw new Error(`${err.message}\n${diagnostics()}`);
    },
  );
  return {
    dir,
    notifications,
    child,
    rpc: () => (client ??= createRpcClient(`unix://${sock}`, { timeoutMs: 10_000 })),
    records,
    mainLog: () => diagnostics(),
    output,
    stop,
    waitForRecord: (what, match, timeoutMs = 20_000) =>
      waitFor(what, () => records().find((r) => match(r.record))?.record, { timeoutMs }).catch(
        (err: Error) => {
          throw new Error(`${err.message}\nfiles: ${JSON.stringify(records(), null, 1)}\n${diagnostics()}`);
        },
      ),
  };
}
