// A supervisor with the dashboard on a TCP port and a unix socket, plain HTTP requests to either,
// and the CSRF token a page load hands out.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { mkdirSync } from 'node:fs';
import { freePort } from '../../helpers/free-port.js';
import { MODULUS_BIN } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { PROGRAMS, startSupervisord, type RunningSupervisor } from '../../helpers/supervisord.js';
import { waitFor } from '../../helpers/wait-for.js';

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Target {
  readonly port?: number;
  readonly socketPath?: string;
}

export function request(
  target: Target,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        ...target,
        path,
        method: options.method ?? 'GET',
        headers: { Host: target.port ? `127.0.0.1:${target.port}` : 'localhost', ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export interface Dashboard {
  readonly sup: RunningSupervisor;
  readonly port: number;
  readonly socket: string;
  readonly notifications: string;
  readonly origin: string;
}

/** Programs `web` (ticks), `idle` (not started) and whatever `body` adds; a notifier; both servers. */
export async function startDashboard(
  t: Pick<TestContext, 'after'>,
  options: { body?: string; auth?: string } = {},
): Promise<Dashboard> {
  const port = await freePort();
  const dir = tempDir(t);
  mkdirSync(join(dir, 'notifications'));
  const sup = await startSupervisord(
    t,
    `[inet_http_server]
port=127.0.0.1:${port}
${options.auth ?? ''}
[unix_http_server]
file=${join(dir, 'control.sock')}
[program:web]
command=${PROGRAMS}tick-lines
startsecs=0
[program:idle]
command=${PROGRAMS}sleep-forever
autostart=false
[eventlistener:notify]
command=${process.execPath} ${MODULUS_BIN} notify --dir ${join(dir, 'notifications')} --coalesce-secs 0
events=PROCESS_STATE,REMOTE_COMMUNICATION
${options.body ?? ''}`,
    // At info, as a dashboard's users run it: at debug the main log also copies every tick (as
    // supervisord's does) and the log view's tail would hold nothing else.
    { dir, extra: 'loglevel=info' },
  );
  await sup.waitForLine(/success: web entered RUNNING state/);
  await sup.waitForLine(/success: notify entered RUNNING state/);
  return {
    sup,
    port,
    socket: join(sup.dir, 'control.sock'),
    notifications: join(sup.dir, 'notifications'),
    origin: `http://127.0.0.1:${port}`,
  };
}

/** The CSRF token of a fresh page load. */
export async function pageToken(target: Target, headers: Record<string, string> = {}): Promise<string> {
  const page = await request(target, '/', { headers });
  const m = /<meta name="modulus-csrf" content="([^"]+)"/.exec(page.body);
  if (m === null) throw new Error(`no token in the page (${page.status})`);
  return m[1]!;
}

export async function stateOf(
  target: Target,
  name: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const status = JSON.parse((await request(target, '/api/status', { headers })).body) as {
    processes: { namespec: string; statename: string }[];
  };
  return status.processes.find((p) => p.namespec === name)?.statename ?? 'absent';
}

export function waitForState(target: Target, name: string, state: string): Promise<true> {
  return waitFor(`${name} to be ${state}`, async () => (await stateOf(target, name)) === state);
}
