// Starts a supervisor with a control socket for the rpc-api tests, either ours or Debian's
// supervisord (the reference), and drives it with Debian's Python supervisorctl and xmlrpc.client.
import { spawn, execFile } from 'node:child_process';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { scrubbedEnv } from '../../helpers/run-cli.js';
import { startSupervisord, supervisordConfig } from '../../helpers/supervisord.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { requirePaths } from '../../helpers/require-tool.js';

export { PROGRAMS } from '../../helpers/supervisord.js';
export const SUPERVISORCTL = '/usr/bin/supervisorctl';
export const PYTHON = '/usr/bin/python3';
export const DEBIAN_SUPERVISORD = '/usr/bin/supervisord';

export type ServerKind = 'modulus' | 'debian';

export interface Server {
  readonly kind: ServerKind;
  readonly dir: string;
  readonly configFile: string;
  readonly socket: string;
  readonly pid: number;
  /** Everything the supervisor printed (its main log in the foreground). */
  output(): string;
  exited: Promise<unknown>;
}

/** Whether the Python client can be used (fails in CI when missing, skips loudly elsewhere). */
export function pythonClient(t: TestContext, binary = SUPERVISORCTL): boolean {
  return requirePaths(t, [binary], 'apt-get install supervisor');
}

/** The sections that give a supervisor a control socket in `dir`, and supervisorctl its URL. */
export function controlSections(dir: string): string {
  const socket = join(dir, 'supervisor.sock');
  return `
[unix_http_server]
file=${socket}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://${socket}
`;
}

/** Starts ours or Debian's supervisord on `body` (program sections) and waits for its socket. */
export async function startServer(t: TestContext, kind: ServerKind, body: string): Promise<Server> {
  const dir = tempDir(t);
  const socket = join(dir, 'supervisor.sock');
  const full = controlSections(dir) + body;
  let server: Server;
  if (kind === 'modulus') {
    const sup = await startSupervisord(t, full, { dir });
    server = {
      kind,
      dir,
      configFile: sup.configFile,
      socket,
      pid: sup.child.pid!,
      output: sup.output,
      exited: sup.exited,
    };
  } else {
    const configFile = join(dir, 'supervisord.conf');
    writeFileSync(configFile, supervisordConfig(dir, full));
    const child = spawn(DEBIAN_SUPERVISORD, ['-n', '-c', configFile], {
      env: scrubbedEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    t.after(async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    });
    server = { kind, dir, configFile, socket, pid: child.pid!, output: () => output, exited };
  }
  await waitFor(
    `the control socket of ${kind} supervisord`,
    async () => (await ctl(server, 'pid')).code === 0,
    {
      timeoutMs: 15_000,
    },
  );
  return server;
}

export interface CtlResult {
  readonly code: number | null;
  readonly stdout: string;
  /** stdout split into lines, without the empty last one. */
  readonly lines: string[];
}

/** Runs Debian's supervisorctl against the server's config. */
export function ctl(server: Pick<Server, 'configFile'>, ...args: string[]): Promise<CtlResult> {
  return new Promise((resolve) => {
    execFile(
      SUPERVISORCTL,
      ['-c', server.configFile, ...args],
      { env: scrubbedEnv(), timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        const text = stdout + stderr;
        resolve({
          code,
          stdout: text,
          lines: text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== ''),
        });
      },
    );
  });
}

/**
 * Runs Python with `p`, an xmlrpc.client proxy over supervisor's own SupervisorTransport, and
 * `show(x)` printing a value as JSON; returns what the script printed, parsed line by line.
 */
export function py(server: Pick<Server, 'socket'>, script: string): Promise<unknown[]> {
  const prelude = `
import json, sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
p = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://${server.socket}'))
def show(x):
    print(json.dumps(x, default=str), flush=True)
def fault(f, *args):
    try:
        show(['ok', f(*args)])
    except xmlrpc.client.Fault as e:
        show(['fault', e.faultCode, e.faultString])
`;
  return new Promise((resolve, reject) => {
    execFile(
      PYTHON,
      ['-c', prelude + script],
      { env: scrubbedEnv(), timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`python failed: ${err.message}\n${stderr}`));
        resolve(
          stdout
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => JSON.parse(l) as unknown),
        );
      },
    );
  });
}

/**
 * An expected supervisorctl line, recorded from Debian's supervisord, as a pattern: PID, UPTIME and
 * STOPTIME stand for what changes from run to run; everything else must match exactly.
 */
export function row(expected: string): RegExp {
  const escaped = expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^${escaped
      .replace('PID', '\\d+')
      .replace('UPTIME', '0:00:\\d\\d')
      .replace('STOPTIME', '[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M')}$`,
  );
}

/** Asserts the lines match the expected rows one for one. */
export function assertRows(actual: readonly string[], expected: readonly string[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: got\n${actual.join('\n')}`);
  expected.forEach((e, i) =>
    assert.match(actual[i]!, row(e), `${what}, line ${i + 1}: got\n${actual.join('\n')}`),
  );
}

/** Replaces the program sections of the server's config file (for reread, update and reload). */
export function rewriteConfig(server: Pick<Server, 'dir' | 'configFile'>, body: string): void {
  writeFileSync(server.configFile, supervisordConfig(server.dir, controlSections(server.dir) + body));
}

/** Starts `supervisorctl ARGS` (tail -f, maintail -f), resolves once its output matches, then kills it. */
export function streamUntil(
  server: Pick<Server, 'configFile'>,
  args: string[],
  pattern: RegExp,
): Promise<string> {
  const child = spawn(SUPERVISORCTL, ['-c', server.configFile, ...args], {
    env: scrubbedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  return waitFor(
    `supervisorctl ${args.join(' ')} to print ${pattern}`,
    () => pattern.test(output) && output,
    {
      timeoutMs: 10_000,
    },
  ).finally(() => child.kill('SIGKILL'));
}
