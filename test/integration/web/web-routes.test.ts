// The dashboard's routes on a real supervisor, over TCP and the unix socket: the same auth as
// XML-RPC, the security headers, actions only by same-origin POST with the page's token, GETs
// that change nothing, the Host check against DNS rebinding, ok.html and the SSE feed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiContext } from '../../../src/rpc/api/context.js';
import { basicAuthHeader } from '../../../src/rpc/basic-auth.js';
import { CONTENT_SECURITY_POLICY, createWebRoutes } from '../../../src/web/web-routes.js';
import { waitFor } from '../../helpers/wait-for.js';
import { pageToken, request, startDashboard, stateOf, waitForState } from './web-harness.js';

test('the page, its assets, status and metrics are served on both servers with the security headers', async (t) => {
  const d = await startDashboard(t);
  for (const target of [{ port: d.port }, { socketPath: d.socket }]) {
    const page = await request(target, '/');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.match(page.body, /<script src="\/assets\/dashboard.js" defer><\/script>/);
    const js = await request(target, '/assets/dashboard.js');
    assert.equal(js.status, 200);
    assert.match(js.headers['content-type']!, /^text\/javascript/);
    assert.equal((await request(target, '/assets/dashboard.css')).status, 200);
    assert.equal((await request(target, '/ok.html')).status, 200);
    assert.equal(await stateOf(target, 'web'), 'RUNNING');
    assert.match(
      (await request(target, '/metrics')).body,
      /^node_supervisord_up\{name="web",group="web"\} 1$/m,
    );
    assert.equal((await request(target, '/nothing-here')).status, 404);
  }
});

test('with a username and password every route asks for them, as /RPC2 does', async (t) => {
  const d = await startDashboard(t, { auth: 'username=admin\npassword=s3cret' });
  const target = { port: d.port };
  for (const path of [
    '/',
    '/index.html',
    '/ok.html',
    '/metrics',
    '/api/status',
    '/api/events',
    '/assets/dashboard.js',
  ]) {
    const reply = await request(target, path);
    assert.equal(reply.status, 401, path);
    assert.match(reply.headers['www-authenticate'] ?? '', /^Basic /);
  }
  const auth = { Authorization: basicAuthHeader('admin', 's3cret') };
  assert.equal((await request(target, '/', { headers: auth })).status, 200);
  assert.equal((await request(target, '/metrics', { headers: auth })).status, 200);
  // A token is bound to its user: one issued to admin, replayed without auth, gets 401 before anything.
  const token = await pageToken(target, auth);
  const replay = await request(target, '/api/action', {
    method: 'POST',
    headers: { Origin: d.origin, 'Content-Type': 'application/json', 'X-Modulus-CSRF': token },
    body: '{"action":"stop","name":"web"}',
  });
  assert.equal(replay.status, 401);
  assert.equal(await stateOf(target, 'web', auth), 'RUNNING');
});

test('an action needs the page token, its own Origin and JSON; anything else changes nothing', async (t) => {
  const d = await startDashboard(t);
  const target = { port: d.port };
  const token = await pageToken(target);
  const post = (headers: Record<string, string>, body = '{"action":"stop","name":"web"}') =>
    request(target, '/api/action', { method: 'POST', headers, body });
  const json = { 'Content-Type': 'application/json' };
  const refusals: [string, Record<string, string>, number][] = [
    ['no token', { ...json, Origin: d.origin }, 403],
    ['a forged token', { ...json, Origin: d.origin, 'X-Modulus-CSRF': `${token.slice(0, -2)}xx` }, 403],
    ['a foreign Origin', { ...json, Origin: 'http://evil.example', 'X-Modulus-CSRF': token }, 403],
    [
      'another port as Origin',
      { ...json, Origin: `http://127.0.0.1:${d.port + 1}`, 'X-Modulus-CSRF': token },
      403,
    ],
    ['no Origin', { ...json, 'X-Modulus-CSRF': token }, 403],
    [
      'a cross-site fetch',
      { ...json, Origin: d.origin, 'Sec-Fetch-Site': 'cross-site', 'X-Modulus-CSRF': token },
      403,
    ],
    ['a form body', { 'Content-Type': 'text/plain', Origin: d.origin, 'X-Modulus-CSRF': token }, 415],
  ];
  for (const [what, headers, status] of refusals) {
    const reply = await post(headers);
    assert.equal(reply.status, status, what);
    assert.equal(JSON.parse(reply.body).ok, false, what);
  }
  assert.equal(
    (await post({ ...json, Origin: d.origin, 'X-Modulus-CSRF': token }, '{"action":"shutdown"}')).status,
    400,
  );
  assert.equal(
    (await post({ ...json, Origin: d.origin, 'X-Modulus-CSRF': token }, 'x'.repeat(5000))).status,
    413,
  );
  // supervisord's own links: GETs with action parameters, on every path, change nothing.
  for (const path of [
    '/?action=stop&processname=web',
    '/index.html?processname=web&action=stop',
    '/api/action?action=stop&name=web',
  ]) {
    await request(target, path);
  }
  assert.equal(await stateOf(target, 'web'), 'RUNNING');
  assert.equal(d.sup.count(/stopped: web/), 0);

  const ok = await post({ ...json, Origin: d.origin, 'X-Modulus-CSRF': token });
  assert.deepEqual([ok.status, JSON.parse(ok.body)], [200, { ok: true, message: 'Process web stopped' }]);
  await waitForState(target, 'web', 'STOPPED');
  const again = await post({ ...json, Origin: d.origin, 'X-Modulus-CSRF': token });
  assert.deepEqual([again.status, JSON.parse(again.body)], [409, { ok: false, message: 'NOT_RUNNING: web' }]);
});

test('a Host name the server does not know gets 421 on the page routes (DNS rebinding)', async (t) => {
  const d = await startDashboard(t);
  for (const path of ['/', '/api/status', '/api/events', '/api/action']) {
    const reply = await request({ port: d.port }, path, {
      headers: { Host: `rebind.evil.example:${d.port}` },
    });
    assert.equal(reply.status, 421, path);
  }
  assert.equal(
    (await request({ port: d.port }, '/', { headers: { Host: `localhost:${d.port}` } })).status,
    200,
  );
});

test('the event stream sends a status at once and again when a state changes', async (t) => {
  const d = await startDashboard(t);
  const events: string[] = [];
  const req = httpRequest({ socketPath: d.socket, path: '/api/events', headers: { Host: 'localhost' } });
  t.after(() => req.destroy());
  const received = new Promise<void>((resolve, reject) => {
    req.on('response', (res) => {
      assert.match(res.headers['content-type']!, /^text\/event-stream/);
      let buffer = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
          events.push(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
          if (idleRunning(events.at(-1)!)) resolve();
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  req.end();
  await waitFor('the first status event', () => events.find((e) => e.startsWith('event: status')));
  assert.ok(events.some((e) => e.startsWith('event: notifications')));
  const token = await pageToken({ socketPath: d.socket });
  await request({ socketPath: d.socket }, '/api/action', {
    method: 'POST',
    headers: {
      Host: 'localhost',
      Origin: 'http://localhost',
      'Content-Type': 'application/json',
      'X-Modulus-CSRF': token,
    },
    body: '{"action":"start","name":"idle"}',
  });
  await received;
});

/** Whether an SSE message is a status event that shows `idle` RUNNING. */
function idleRunning(message: string): boolean {
  const m = /^event: status\ndata: (.*)$/.exec(message);
  if (m === null) return false;
  const status = JSON.parse(m[1]!) as { processes: { namespec: string; statename: string }[] };
  return status.processes.some((p) => p.namespec === 'idle' && p.statename === 'RUNNING');
}

test('a restart ends the event stream (EventSource reconnects), and the new session is served', async (t) => {
  const d = await startDashboard(t);
  const target = { socketPath: d.socket };
  let ended = false;
  let first = '';
  const req = httpRequest({ socketPath: d.socket, path: '/api/events', headers: { Host: 'localhost' } });
  t.after(() => req.destroy());
  req.on('response', (res) => {
    res.setEncoding('utf8').on('data', (chunk: string) => (first ||= chunk));
    res.on('end', () => (ended = true));
  });
  req.end();
  await waitFor('the stream to start', () => first.includes('retry: 1000'));
  d.sup.child.kill('SIGHUP');
  await waitFor('the stream to end', () => ended);
  await d.sup.waitForLine(/success: web entered RUNNING state[\s\S]*success: web entered RUNNING state/);
  await waitFor('ok.html 200 again', async () => (await request(target, '/ok.html')).status === 200);
  assert.equal(await stateOf(target, 'web'), 'RUNNING');
});

test('between sessions ok.html is 503, the status says RESTARTING and the stream ends at once', async (t) => {
  const ctx = { session: () => null, mainLog: {}, hooks: {} } as unknown as ApiContext;
  const routes = createWebRoutes({ ctx, hostNames: [], notificationsDir: () => null });
  const server = createServer((req, res) => {
    void routes(req, res, null).then((handled) => handled || res.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const target = { port: (server.address() as AddressInfo).port };
  assert.equal((await request(target, '/ok.html')).status, 503);
  const status = JSON.parse((await request(target, '/api/status')).body) as { supervisor: { state: string } };
  assert.equal(status.supervisor.state, 'RESTARTING');
  const events = await request(target, '/api/events');
  assert.match(events.body, /^retry: 1000\n\nevent: status\n/);
  assert.match(events.body, /event: notifications\ndata: null\n\n$/);
});
