// What the control-plane scenarios share: a config that serves the XML-RPC API on a unix socket (ours and
// supervisord read the same sections), N sleeping programs, an in-process XML-RPC client, and timed commands.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRpcClient, type RpcClient } from '../src/rpc/client.js';
import type { XmlRpcStruct, XmlRpcValue } from '../src/rpc/xmlrpc-value.js';
import { MODULUS_BIN, nowMs, pollUntil, type Supervisor } from './harness.js';

export const SUPERVISORCTL_BIN = '/usr/bin/supervisorctl';

export type ClientKind = 'modulus' | 'python';
export const CLIENT_KINDS: readonly ClientKind[] = ['modulus', 'python'];
export const CLIENT_LABEL: Record<ClientKind, string> = {
  modulus: 'modulus supervisorctl (ours)',
  python: 'supervisorctl 4.2.5 (Python)',
};

export function socketPath(dir: string): string {
  return path.join(dir, 'supervisor.sock');
}

export function configPath(dir: string): string {
  return path.join(dir, 'supervisord.conf');
}

/** The sections both supervisors need to serve XML-RPC, and both clients need to find it. */
export function controlSections(dir: string): string {
  const url = `unix://${socketPath(dir)}`;
  return [
    '',
    '[unix_http_server]',
    `file=${socketPath(dir)}`,
    'chmod=0700',
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
    '[supervisorctl]',
    `serverurl=${url}`,
    '',
  ].join('\n');
}

/** `count` programs that sleep for an hour and exit on SIGTERM, with the default AUTO log files. */
export function sleepers(count: number): string {
  const sections: string[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `p${String(i).padStart(3, '0')}`;
    sections.push(`[program:${name}]\ncommand=/bin/sleep 3600\nstartsecs=0\nautorestart=false\n`);
  }
  return `\n${sections.join('\n')}`;
}

export function rpcClient(dir: string): RpcClient {
  return createRpcClient(`unix://${socketPath(dir)}`, { timeoutMs: 10_000 });
}

export function asStruct(value: XmlRpcValue): XmlRpcStruct {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date)
    throw new Error(`expected an XML-RPC struct, got ${JSON.stringify(value)}`);
  return value as XmlRpcStruct;
}

/** Waits until the supervisor answers getAllProcessInfo with `count` RUNNING processes; false at the deadline. */
export async function waitAllRunning(
  supervisor: Supervisor,
  client: RpcClient,
  count: number,
  timeoutMs: number,
): Promise<boolean> {
  let busy = false;
  let done = false;
  const result = await pollUntil(
    () => {
      if (!busy && supervisor.running) {
        busy = true;
        client
          .call('supervisor.getAllProcessInfo')
          .then((infos) => {
            const list = Array.isArray(infos) ? infos : [];
            done = list.filter((i) => asStruct(i).statename === 'RUNNING').length >= count;
          })
          .catch(() => undefined) // socket not there yet
          .finally(() => (busy = false));
      }
      return done || !supervisor.running;
    },
    { timeoutMs, intervalMs: 50 },
  );
  return result === true && done;
}

export interface TimedCommand {
  wallMs: number;
  exitCode: number | null;
  stdout: string;
}

/** Runs a command to its exit; the wall time covers the whole process, start-up included. */
export function timeCommand(
  cmd: string,
  args: string[],
  cwd: string,
  timeoutMs = 30_000,
): Promise<TimedCommand> {
  return new Promise((resolve, reject) => {
    const startedAt = nowMs();
    const child = spawn(cmd, args, {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ wallMs: nowMs() - startedAt, exitCode, stdout });
    });
  });
}

/** `supervisorctl -c FILE status` (or `--help`: start-up alone, no connection) for either client. */
export function statusCommand(client: ClientKind, dir: string, help = false): [string, string[]] {
  const args = help ? ['--help'] : ['-c', configPath(dir), 'status'];
  return client === 'modulus'
    ? [process.execPath, [MODULUS_BIN, 'supervisorctl', ...args]]
    : [SUPERVISORCTL_BIN, args];
}
