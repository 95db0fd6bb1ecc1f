// The HTTP server over a real unix socket and TCP on 127.0.0.1, driven by our client and by Debian's
// Python xmlrpc.client with supervisor's SupervisorTransport as a second, independent client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { connect, createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import { startRpcServer, type RpcServerOptions, type ServerLog } from '../../../src/rpc/http-server.js';
import { withSystemMethods, createDispatcher } from '../../../src/rpc/system-methods.js';
import { createRpcClient, RpcHttpError } from '../../../src/rpc/client.js';
import { RpcFault } from '../../../src/rpc/faults.js';
import type { LogTailHandler } from '../../../src/rpc/logtail-stream.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const PYTHON = '/usr/bin/python3';

function makeDispatcher(gate?: Promise<void>) {
  return createDispatcher(
    withSystemMethods({
      'supervisor.getState': {
        signature: ['struct'],
        help: '@return struct state',
        handler: () => ({ statecode: 1, statename: 'RUNNING' }),
      },
      'supervisor.getPID': { signature: ['int'], help: '@return int pid', handler: () => 4242 },
      'supervisor.echo': {
        signature: ['string', 'string'],
        help: '@param string s\n@return string s',
        handler: ([s]) => s ?? null,
      },
      'supervisor.stopProcess': {
        signature: ['boolean', 'string', 'boolean'],
        minParams: 1,
        help: '@param string name\n@param boolean wait\n@return boolean ok',
        handler: ([name]) => {
          throw new RpcFault('BAD_NAME', String(name));
        },
      },
      'supervisor.crash': {
        signature: ['int'],
        help: '',
        handler: () => {
          throw new Error('boom');
        },
      },
      'supervisor.slow': {
        signature: ['boolean'],
        help: '',
        handler: async () => {
          await gate;
          return true;
        },
      },
    }),
  );
}

async function start(
  t: { after: (fn: () => unknown) => void },
  options: Partial<RpcServerOptions> & Pick<RpcServerOptions, 'endpoint'>,
) {
  const logs: string[] = [];
  const log: ServerLog = (level, message) => logs.push(`${level}: ${message}`);
  const server = await startRpcServer({
    section: 'unix_http_server',
    credentials: null,
    dispatcher: makeDispatcher(),
    log,
    ...options,
  });
  t.after(() => server.close());
  return { server, logs };
}

function python(
  script: string,
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile(
      PYTHON,
      ['-c', script],
      { env: { PATH: '/usr/bin:/bin', ...env }, timeout: 20_000 },
      (err, stdout, stderr) => {
        resolve({ stdout, stderr, code: err ? ((err as { code?: number }).code ?? 1) : 0 });
      },
    );
  });
}

const PY_CLIENT = `
import os, sys, xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport
url = os.environ['URL']
t = SupervisorTransport(os.environ.get('USER_NAME'), os.environ.get('PASSWORD'), url)
proxy = xmlrpc.client.ServerProxy('http://127.0.0.1' if url.startswith('unix') else url, transport=t)
try:
    print(proxy.supervisor.getState()['statename'])
    print(proxy.supervisor.echo('h\\u00e9 <&> \\r\\n'))
    print(proxy.system.multicall([{'methodName': 'supervisor.getPID'}, {'methodName': 'supervisor.stopProcess', 'params': ['web']}, {'methodName': 'nope'}]))
    print(proxy.system.methodSignature('supervisor.stopProcess'))
    try:
        proxy.supervisor.stopProcess('foo')
    except xmlrpc.client.Fault as f:
        print('fault', f.faultCode, f.faultString)
except xmlrpc.client.ProtocolError as e:
    print('protocol', e.errcode)
`;

test('unix socket: mode set before the first connection, both clients, faults, close unlinks', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'supervisor.sock');
  const { server, logs } = await start(t, { endpoint: { kind: 'unix', file, mode: 0o700, owner: null } });
  const st = statSync(file);
  assert.ok(st.isSocket());
  assert.equal(st.mode & 0o777, 0o700);
  assert.equal(server.url, `unix://${file}`);
  // No password, but only its owner can open it: said once, not as a critical warning.
  assert.ok(
    logs.includes(
      "info: Server 'unix_http_server' has no HTTP authentication: its socket (mode 0700) lets in only its owner",
    ),
  );
  assert.ok(!logs.some((l) => l.startsWith('critical:')));

  const client = createRpcClient(server.url);
  t.after(() => client.close());
  assert.deepEqual(await client.call('supervisor.getState'), { statecode: 1, statename: 'RUNNING' });
  await assert.rejects(client.call('supervisor.stopProcess', ['foo']), {
    faultCode: 10,
    faultString: 'BAD_NAME: foo',
  });
  await assert.rejects(client.call('supervisor.getPID', [1]), { faultCode: 2 });
  await assert.rejects(client.call('a.b.c'), { faultCode: 1 });
  await assert.rejects(client.call('supervisor._private'), { faultCode: 1 });
  await assert.rejects(
    client.call('supervisor.crash'),
    (err) => err instanceof RpcHttpError && err.status === 500,
  );

  const py = await python(PY_CLIENT, { URL: server.url });
  assert.equal(py.stderr, '');
  assert.equal(
    py.stdout,
    // Python sends \r raw, so XML line-end normalisation turns \r\n into \n, exactly as in supervisord.
    "RUNNING\nh\u00e9 <&> \n\n[4242, {'faultCode': 10, 'faultString': 'BAD_NAME: web'}, {'faultCode': 1, 'faultString': 'UNKNOWN_METHOD'}]\n" +
      "['boolean', 'string', 'boolean']\nfault 10 BAD_NAME: foo\n",
  );
  await server.close();
  assert.equal(existsSync(file), false);
});

test('unix socket: a configured mode other than the default', async (t) => {
  const file = join(tempDir(t), 's.sock');
  const { logs } = await start(t, {
    endpoint: { kind: 'unix', file, mode: 0o770, owner: { uid: process.getuid!(), gid: process.getgid!() } },
  });
  assert.equal(statSync(file).mode & 0o777, 0o770);
  // Others than its owner may open it, with no password: supervisord's critical warning.
  assert.ok(
    logs.includes("critical: Server 'unix_http_server' running without any HTTP authentication checking"),
  );
});

test('unix socket: a stale socket is unlinked, a live one or a regular file is refused', async (t) => {
  const dir = tempDir(t);
  const stale = join(dir, 'stale.sock');
  const py = await python(
    'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])'.replace(
      'sys.argv[1]',
      JSON.stringify(stale),
    ),
    {},
  );
  assert.equal(py.code, 0, py.stderr);
  assert.ok(statSync(stale).isSocket());
  const { server, logs } = await start(t, {
    endpoint: { kind: 'unix', file: stale, mode: 0o700, owner: null },
  });
  assert.ok(logs.includes(`warn: Unlinking stale socket ${stale}`));
  const client = createRpcClient(server.url);
  t.after(() => client.close());
  assert.equal(await client.call('supervisor.getPID'), 4242);

  await assert.rejects(
    startRpcServer({
      section: 'x',
      credentials: null,
      dispatcher: makeDispatcher(),
      endpoint: { kind: 'unix', file: stale, mode: 0o700, owner: null },
    }),
    { code: 'RPC_SOCKET_IN_USE' },
  );
  const other = join(dir, 'foreign.sock');
  const foreign = createNetServer().listen(other);
  t.after(() => foreign.close());
  await waitFor('foreign listener', () => foreign.listening);
  await assert.rejects(
    startRpcServer({
      section: 'x',
      credentials: null,
      dispatcher: makeDispatcher(),
      endpoint: { kind: 'unix', file: other, mode: 0o700, owner: null },
    }),
    { code: 'RPC_SOCKET_IN_USE' },
  );
  const regular = join(dir, 'regular');
  writeFileSync(regular, 'keep me');
  await assert.rejects(
    startRpcServer({
      section: 'x',
      credentials: null,
      dispatcher: makeDispatcher(),
      endpoint: { kind: 'unix', file: regular, mode: 0o700, owner: null },
    }),
    { code: 'RPC_SOCKET_FAILED' },
  );
  assert.ok(existsSync(regular));
});

test('basic auth with a {SHA} password: both clients, success and failure', async (t) => {
  const file = join(tempDir(t), 'auth.sock');
  const password = `{SHA}${createHash('sha1').update('s3cret').digest('hex')}`;
  const { server } = await start(t, {
    endpoint: { kind: 'unix', file, mode: 0o700, owner: null },
    credentials: { username: 'admin', password },
  });
  const good = createRpcClient(server.url, { username: 'admin', password: 's3cret' });
  const bad = createRpcClient(server.url, { username: 'admin', password: 'wrong' });
  const none = createRpcClient(server.url);
  t.after(() => [good, bad, none].forEach((c) => c.close()));
  assert.equal(await good.call('supervisor.getPID'), 4242);
  for (const client of [bad, none]) {
    await assert.rejects(client.call('supervisor.getPID'), (err) => {
      assert.ok(err instanceof RpcHttpError && err.status === 401);
      assert.ok(!err.message.includes('wrong') && !err.message.includes('s3cret'));
      return true;
    });
  }
  await assert.rejects(bad.get('/logtail/foo'), { status: 401 });
  const ok = await python(PY_CLIENT, { URL: server.url, USER_NAME: 'admin', PASSWORD: 's3cret' });
  assert.match(ok.stdout, /^RUNNING\n/);
  const denied = await python(PY_CLIENT, { URL: server.url, USER_NAME: 'admin', PASSWORD: 'nope' });
  assert.equal(denied.stdout, 'protocol 401\n');
});

test('TCP: loopback works for both clients; beyond loopback needs a password', async (t) => {
  const { server } = await start(t, {
    section: 'inet_http_server',
    endpoint: { kind: 'inet', host: '127.0.0.1', port: 0 },
  });
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const client = createRpcClient(server.url);
  t.after(() => client.close());
  assert.equal(await client.call('supervisor.echo', ['x']), 'x');
  const py = await python(PY_CLIENT, { URL: server.url });
  assert.match(py.stdout, /^RUNNING\n/);

  const exposed = {
    section: 'inet_http_server',
    dispatcher: makeDispatcher(),
    endpoint: { kind: 'inet', host: '0.0.0.0', port: 0 },
  } as const;
  await assert.rejects(startRpcServer({ ...exposed, credentials: null }), {
    code: 'RPC_INET_UNAUTHENTICATED',
  });
  await assert.rejects(startRpcServer({ ...exposed, credentials: { username: 'u', password: '' } }), {
    code: 'RPC_INET_UNAUTHENTICATED',
  });
  const { logs } = await start(t, { ...exposed, credentials: { username: 'u', password: 'p' } });
  assert.ok(logs.some((l) => l.startsWith('critical:') && l.includes('beyond loopback')));
});

/** Sends raw bytes over TCP and returns the whole response (the server closes or `until` matches). */
function raw(url: string, data: string | Buffer, until = /\r\n\r\n[\s\S]*$/): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
      const m = /^HTTP\/1\.1 \d+/.exec(text);
      if (m && until.test(text) && /Content-Length: (\d+)/i.test(text)) {
        const len = Number(/Content-Length: (\d+)/i.exec(text)![1]);
        if (text.length - text.indexOf('\r\n\r\n') - 4 >= len) socket.end();
      }
    });
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.write(data);
  });
}

test('bad requests get HTTP errors: malformed XML, oversized body, wrong method, unknown path', async (t) => {
  const { server } = await start(t, {
    endpoint: { kind: 'inet', host: '127.0.0.1', port: 0 },
    limits: { maxBodyBytes: 4096 },
  });
  const post = (body: string, extra = ''): string =>
    `POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n${body}`;
  assert.match(await raw(server.url, post('<methodCall><methodName>x')), /^HTTP\/1\.1 400 /);
  assert.match(
    await raw(server.url, post('<!DOCTYPE x [<!ENTITY a "b">]><methodCall/>')),
    /^HTTP\/1\.1 400 /,
  );
  assert.match(await raw(server.url, post('<methodCall></methodCall>')), /^HTTP\/1\.1 400 /);
  assert.match(await raw(server.url, post('x'.repeat(5000))), /^HTTP\/1\.1 413 /);
  const chunked = `POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1388\r\n${'x'.repeat(5000)}\r\n0\r\n\r\n`;
  assert.match(await raw(server.url, chunked), /^HTTP\/1\.1 413 /);
  assert.match(await raw(server.url, 'GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n'), /^HTTP\/1\.1 400 /);
  assert.match(await raw(server.url, 'POST /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n'), /^HTTP\/1\.1 411 /);
  assert.match(await raw(server.url, 'GET /elsewhere HTTP/1.1\r\nHost: x\r\n\r\n'), /^HTTP\/1\.1 404 /);
  assert.match(
    await raw(server.url, 'POST /logtail/x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'),
    /^HTTP\/1\.1 400 /,
  );
  assert.match(await raw(server.url, 'GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400 /);
  const client = createRpcClient(server.url);
  t.after(() => client.close());
  assert.equal(await client.call('supervisor.getPID'), 4242, 'the server still answers');
});

test('a slow or stuck client does not stall others, and is cut off at the header deadline', async (t) => {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const { server } = await start(t, {
    endpoint: { kind: 'inet', host: '127.0.0.1', port: 0 },
    dispatcher: makeDispatcher(gate),
    limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 50 },
  });
  const { port } = new URL(server.url);
  // Nobody connected: no deadline check wakes the server (the idle supervisor sleeps).
  assert.equal(server.checksRunning(), false);
  const stuck = connect(Number(port), '127.0.0.1');
  stuck.write('POST /RPC2 HTTP/1.1\r\nHost: x\r\n');
  let stuckClosed = false;
  stuck.on('close', () => (stuckClosed = true));
  stuck.on('error', () => {});
  let answer = '';
  stuck.on('data', (d: Buffer) => (answer += d.toString()));
  const slowClient = createRpcClient(server.url);
  const fastClient = createRpcClient(server.url);
  t.after(() => [slowClient, fastClient].forEach((c) => c.close()));
  const slow = slowClient.call('supervisor.slow');
  const many = await Promise.all(
    Array.from({ length: 50 }, (_, i) => fastClient.call('supervisor.echo', [`n${i}`])),
  );
  assert.equal(many[49], 'n49');
  await waitFor('the stuck client to be cut off', () => stuckClosed, { timeoutMs: 5000 });
  assert.match(answer, /^HTTP\/1\.1 (400|408) /);
  open();
  assert.equal(await slow, true);
  [slowClient, fastClient].forEach((c) => c.close());
  await waitFor('the check to stop with the last connection', () => !server.checksRunning());
});

test('logtail streams chunked data until the client leaves; 404 for unknown names', async (t) => {
  const sent: string[] = [];
  let push: ((s: string) => void) | undefined;
  let aborted = false;
  const logtail: LogTailHandler = async (target, signal) => {
    if (target.kind === 'process' && target.name !== 'web') return null;
    signal.addEventListener('abort', () => (aborted = true));
    async function* chunks() {
      yield target.kind === 'main' ? 'main log\n' : `${target.namespec} ${target.channel}\n`;
      while (!signal.aborted) {
        const next = await new Promise<string>((resolve) => (push = resolve));
        sent.push(next);
        yield next;
      }
    }
    return { lastModified: new Date(0), chunks: chunks() };
  };
  const { server } = await start(t, { endpoint: { kind: 'inet', host: '127.0.0.1', port: 0 }, logtail });
  const client = createRpcClient(server.url);
  t.after(() => client.close());
  await assert.rejects(client.get('/logtail/nope'), { status: 404 });
  await assert.rejects(client.get('/logtail/web/bogus'), { status: 404 });
  const controller = new AbortController();
  const res = await client.get('/logtail/web:web/stderr', controller.signal);
  assert.equal(res.headers['transfer-encoding'], 'chunked');
  assert.equal(res.headers['content-type'], 'text/plain;charset=utf-8');
  assert.equal(res.headers['last-modified'], new Date(0).toUTCString());
  let received = '';
  res.on('data', (d: Buffer) => (received += d.toString()));
  res.on('error', () => {});
  await waitFor('the first chunk', () => received === 'web:web stderr\n');
  await waitFor('the generator to wait', () => push !== undefined);
  push!('line 2\n');
  await waitFor('the pushed chunk', () => received.endsWith('line 2\n'));
  controller.abort();
  await waitFor('the server to notice the client left', () => aborted);

  const main = await client.get('/mainlogtail');
  const first = await new Promise<string>((resolve) =>
    main.once('data', (d: Buffer) => resolve(d.toString())),
  );
  assert.equal(first, 'main log\n');
  main.destroy();
});
