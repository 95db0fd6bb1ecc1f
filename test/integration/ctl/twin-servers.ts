// Fixtures for comparing our supervisorctl with Debian's: supervisord servers in temp dirs
// (Debian's 4.2.5, or ours), both clients as child processes, and the normalisation that makes
// their outputs comparable (pids, uptimes, dates, temp paths, the program name).
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { createRpcClient } from '../../../src/rpc/client.js';
import type { XmlRpcStruct } from '../../../src/rpc/xmlrpc-value.js';
import { MODULUS_BIN, runCli, scrubbedEnv, type CliResult } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { requireDebianSupervisor } from '../../helpers/require-tool.js';

export const DEBIAN_SUPERVISORD = '/usr/bin/supervisord';
export const DEBIAN_SUPERVISORCTL = '/usr/bin/supervisorctl';

export type ServerKind = 'debian' | 'modulus';

/** True when Debian's supervisor is installed; in CI its absence fails the test instead of skipping it. */
export function debianSupervisorAvailable(t: TestContext): boolean {
  return requireDebianSupervisor(t);
}

export interface Server {
  readonly kind: ServerKind;
  readonly dir: string;
  readonly configFile: string;
  readonly url: string;
  child: ChildProcess;
  /** Replaces the programs part of the config (for reread/update). */
  rewrite(body: string): void;
  /** Waits until the server answers and no process is STARTING. */
  ready(): Promise<void>;
  /** Waits for the server process to exit (after `shutdown`). */
  exited(): Promise<void>;
}

function configText(dir: string, body: string, extra: string): string {
  return `[unix_http_server]
file=${dir}/s.sock

[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://${dir}/s.sock
${extra}
${body}`;
}

export async function startServer(
  t: Pick<TestContext, 'after'>,
  kind: ServerKind,
  body: string,
  extra = '',
): Promise<Server> {
  const dir = tempDir(t, `ctl-${kind}-`);
  const configFile = join(dir, 'supervisord.conf');
  writeFileSync(configFile, configText(dir, body, extra));
  const [file, args] =
    kind === 'debian'
      ? [DEBIAN_SUPERVISORD, ['-n', '-c', configFile]]
      : [process.execPath, [MODULUS_BIN, 'supervisord', '-n', '-c', configFile]];
  const child = spawn(file, args, { env: scrubbedEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    }
  });
  const url = `unix://${dir}/s.sock`;
  const server: Server = {
    kind,
    dir,
    configFile,
    url,
    child,
    rewrite: (newBody) => writeFileSync(configFile, configText(dir, newBody, extra)),
    async ready() {
      const client = createRpcClient(url, { timeoutMs: 2000 });
      try {
        await waitFor(
          `${kind} supervisord on ${url} with no process STARTING${stderr ? `\n${stderr}` : ''}`,
          async () => {
            const infos = (await client.call('supervisor.getAllProcessInfo')) as XmlRpcStruct[];
            return infos.every((i) => i.statename !== 'STARTING');
          },
          { timeoutMs: 15_000 },
        );
      } finally {
        client.close();
      }
    },
    exited: () => exit,
  };
  await server.ready();
  return server;
}

export function runDebianCtl(args: readonly string[], input = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(DEBIAN_SUPERVISORCTL, args, { env: scrubbedEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(input);
  });
}

export function runOurCtl(args: readonly string[], input = ''): Promise<CliResult> {
  return runCli(['supervisorctl', ...args], { input });
}

/** Makes two runs comparable: no pids, uptimes, dates, temp dirs or Python file/line. */
export function normalise(text: string, dir?: string): string {
  let out = text;
  if (dir !== undefined) out = out.split(dir).join('<dir>');
  return out
    .replace(/pid \d+, uptime \d+:\d\d:\d\d/g, 'pid <pid>, uptime <uptime>')
    .replace(/[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M/g, '<date>')
    .replace(/: file: \S+ line: \d+$/gm, '')
    .replace(/For help, use \S+ -h/g, 'For help, use <prog> -h');
}
