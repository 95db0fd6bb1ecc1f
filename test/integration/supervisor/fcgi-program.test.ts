// [fcgi-program:x] with real parts: Debian's fcgiwrap under our supervisor (numprocs=2, the socket
// as fd 0 of each), nginx in front of it on loopback serving a CGI script, through a unix socket
// and a TCP one; the socket's owner and mode, its removal with the group (remove, update) and
// with the supervisor; and getAllConfigInfo/getAllProcessInfo compared with Debian's supervisord.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../helpers/free-port.js';
import { requireDebianSupervisor, requirePaths } from '../../helpers/require-tool.js';
import { waitFor } from '../../helpers/wait-for.js';
import { ctl, py, rewriteConfig, startServer, type Server, type ServerKind } from '../rpc-api/servers.js';

const FCGIWRAP = '/usr/sbin/fcgiwrap';
const NGINX = '/usr/sbin/nginx';

function haveParts(t: TestContext): boolean {
  return requireDebianSupervisor(t) && requirePaths(t, [FCGIWRAP, NGINX], 'apt-get install fcgiwrap nginx');
}

const CGI = `#!/bin/sh
printf 'Content-Type: text/plain\\r\\n\\r\\n'
echo "hello from cgi, query $QUERY_STRING, uid $(id -u)"
`;

function program(socket: string, extra = ''): string {
  return (
    `[fcgi-program:cgi]\ncommand=${FCGIWRAP}\nsocket=${socket}\nnumprocs=2\n` +
    `process_name=%(program_name)s_%(process_num)s\nstartsecs=1\n${extra}`
  );
}

/** nginx on 127.0.0.1:PORT passing /cgi to `upstream`, its workers as www-data; stopped after the test. */
async function startNginx(t: TestContext, dir: string, upstream: string): Promise<number> {
  const port = await freePort();
  writeFileSync(join(dir, 'hello.cgi'), CGI, { mode: 0o755 });
  writeFileSync(
    join(dir, 'nginx.conf'),
    `daemon off;
user www-data;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events {}
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  fastcgi_temp_path ${dir}/fastcgi;
  server {
    listen 127.0.0.1:${port};
    location /cgi {
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME ${dir}/hello.cgi;
      fastcgi_pass ${upstream};
    }
  }
}
`,
  );
  const nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'ignore' });
  const exited = new Promise((resolve) => nginx.on('exit', resolve));
  t.after(async () => {
    nginx.kill('SIGQUIT');
    await exited;
  });
  await waitFor('nginx to listen', async () => {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return true;
    } catch {
      return false;
    }
  });
  return port;
}

async function get(port: number, query: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}/cgi?${query}`);
  return { status: response.status, body: await response.text() };
}

async function processInfo(server: Server): Promise<Array<Record<string, unknown>>> {
  const [info] = (await py(server, 'show(p.supervisor.getAllProcessInfo())')) as [
    Array<Record<string, unknown>>,
  ];
  return info;
}

async function bothRunning(server: Server): Promise<number[]> {
  return waitFor(`cgi_0 and cgi_1 RUNNING under ${server.kind}`, async () => {
    const info = await processInfo(server);
    const running = info.filter((p) => p.group === 'cgi' && p.statename === 'RUNNING');
    return running.length === 2 ? running.map((p) => p.pid as number) : undefined;
  });
}

/** A dir www-data can reach its socket in (tempDir makes 0700 ones). */
function openDir(server: Server): void {
  chmodSync(server.dir, 0o755);
}

test('through a unix socket: nginx -> fcgiwrap x2 sharing fd 0, owned by user=, removed with the group', async (t) => {
  if (!haveParts(t)) return;
  const server = await startServer(t, 'modulus', program('unix://%(here)s/fcgi.sock', 'user=www-data\n'));
  openDir(server);
  const sock = join(server.dir, 'fcgi.sock');
  const pids = await bothRunning(server);
  const st = statSync(sock);
  assert.ok(st.isSocket());
  assert.equal(st.mode & 0o777, 0o700, 'socket_mode defaults to 0700');
  assert.deepEqual([st.uid, st.gid], [33, 33], 'owned by the programs’ user=');
  const fds = pids.map((pid) => readlinkSync(`/proc/${pid}/fd/0`));
  assert.match(fds[0]!, /^socket:\[\d+\]$/);
  assert.equal(fds[0], fds[1], 'every process accepts on the same socket');

  const port = await startNginx(t, server.dir, `unix:${sock}`);
  const seen = new Set<string>();
  for (let i = 0; i < 6; i++) {
    const { status, body } = await get(port, `n=${i}`);
    assert.equal(status, 200, body);
    assert.equal(body, `hello from cgi, query n=${i}, uid 33\n`);
    seen.add(body);
  }
  assert.equal(seen.size, 6);

  assert.equal((await ctl(server, 'stop', 'cgi:*')).code, 0);
  assert.equal((await ctl(server, 'remove', 'cgi')).code, 0);
  assert.equal(existsSync(sock), false, 'the socket goes with its group');
  assert.equal((await ctl(server, 'add', 'cgi')).code, 0);
  await bothRunning(server);
  assert.equal((await get(port, 'again')).status, 200);

  // update: a changed socket_mode replaces the group, and the socket with it.
  rewriteConfig(server, program('unix://%(here)s/fcgi.sock', 'user=www-data\nsocket_mode=0770\n'));
  const update = await ctl(server, 'update');
  assert.match(update.stdout, /cgi: stopped\ncgi: updated process group/);
  await bothRunning(server);
  assert.equal(statSync(sock).mode & 0o777, 0o770);
  assert.equal((await get(port, 'updated')).status, 200);

  process.kill(server.pid, 'SIGTERM');
  await server.exited;
  assert.equal(existsSync(sock), false, 'the socket goes with the supervisor');
});

test('through a TCP socket on loopback, with socket_backlog', async (t) => {
  if (!haveParts(t)) return;
  const fcgiPort = await freePort();
  const server = await startServer(
    t,
    'modulus',
    program(`tcp://127.0.0.1:${fcgiPort}`, 'socket_backlog=16\n'),
  );
  openDir(server);
  await bothRunning(server);
  const port = await startNginx(t, server.dir, `127.0.0.1:${fcgiPort}`);
  const { status, body } = await get(port, 'tcp=1');
  assert.equal(status, 200, body);
  assert.equal(body, 'hello from cgi, query tcp=1, uid 0\n');
  process.kill(server.pid, 'SIGTERM');
  await server.exited;
  await waitFor('the FastCGI port to refuse connections once the supervisor is gone', () =>
    refused(fcgiPort),
  );
});

/** True when nothing listens on 127.0.0.1:port. */
async function refused(port: number): Promise<boolean> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

test('a socket that cannot be bound refuses the group, with supervisord’s message', async (t) => {
  if (!haveParts(t)) return;
  const blocker = await import('node:net').then((net) => net.createServer());
  const port = await freePort();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  t.after(() => blocker.close());
  const server = await startServer(t, 'modulus', '');
  rewriteConfig(server, program(`tcp://127.0.0.1:${port}`));
  await ctl(server, 'reread');
  const add = await ctl(server, 'add', 'cgi');
  assert.match(
    add.stdout,
    new RegExp(`Could not create FastCGI socket tcp://127\\.0\\.0\\.1:${port}: EADDRINUSE`),
  );
  const info = await processInfo(server);
  assert.deepEqual(info, [], 'nothing was added');
});

/** What differs by run: the temp dir, pids, times. */
function normalize(value: unknown, dir: string): unknown {
  return JSON.parse(JSON.stringify(value).replaceAll(dir, 'DIR'), (key, v: unknown) =>
    ['pid', 'start', 'now', 'stop', 'description', 'stdout_logfile', 'stderr_logfile', 'logfile'].includes(
      key,
    )
      ? typeof v
      : v,
  );
}

test('getAllConfigInfo and getAllProcessInfo of an [fcgi-program:x] match Debian supervisord', async (t) => {
  if (!haveParts(t)) return;
  const seen: Record<ServerKind, unknown> = { modulus: null, debian: null };
  for (const kind of ['debian', 'modulus'] as const) {
    const server = await startServer(
      t,
      kind,
      program('unix://%(here)s/fcgi.sock', 'socket_owner=www-data:www-data\nsocket_mode=0660\n'),
    );
    await bothRunning(server);
    const st = statSync(join(server.dir, 'fcgi.sock'));
    const [config] = await py(server, 'show(p.supervisor.getAllConfigInfo())');
    seen[kind] = normalize(
      { config, processes: await processInfo(server), socket: [st.mode & 0o777, st.uid, st.gid] },
      server.dir,
    );
  }
  assert.deepEqual(seen.modulus, seen.debian);
});
