import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FcgiSocketConfig, GroupConfig } from '../../../src/config/model.js';
import { listenSpec, openFcgiSocket } from '../../../src/supervisor/fcgi-socket.js';
import { FakeProcessHost } from '../../helpers/fake-process-host.js';

const UNIX: FcgiSocketConfig = {
  url: 'unix:///run/web.sock',
  kind: 'unix',
  path: '/run/web.sock',
  host: null,
  port: null,
  owner: null,
  mode: 0o700,
  backlog: null,
};

test("a unix socket is owned by socket_owner, else by the programs' user when it is not ours", () => {
  assert.deepEqual(listenSpec({ ...UNIX, owner: 'nobody' }, null, 0).owner, { uid: 65534, gid: 65534 });
  assert.deepEqual(listenSpec({ ...UNIX, owner: 'root:nogroup' }, null, 0).owner, { uid: 0, gid: 65534 });
  assert.deepEqual(listenSpec(UNIX, 'nobody', 0).owner, { uid: 65534, gid: 65534 });
  assert.equal(listenSpec(UNIX, 'nobody', 65534).owner, null, 'the supervisor is that user already');
  assert.equal(listenSpec(UNIX, null, 0).owner, null);
  assert.equal(listenSpec(UNIX, null, 0).mode, 0o700);
});

test('a TCP socket has no owner or mode, and keeps its backlog', () => {
  const tcp: FcgiSocketConfig = {
    ...UNIX,
    url: 'tcp://127.0.0.1:9000',
    kind: 'tcp',
    path: null,
    host: '127.0.0.1',
    port: 9000,
    mode: null,
    backlog: 12,
  };
  assert.deepEqual(listenSpec(tcp, 'nobody', 0), {
    kind: 'tcp',
    path: null,
    host: '127.0.0.1',
    port: 9000,
    backlog: 12,
    mode: null,
    owner: null,
  });
});

test("a bind failure is supervisord's Could not create FastCGI socket, with the errno", () => {
  const host = new FakeProcessHost();
  host.listen = () => {
    throw Object.assign(new Error('EADDRINUSE'), { code: 'EADDRINUSE' });
  };
  const group = { name: 'web', socket: UNIX, processes: [] } as unknown as GroupConfig;
  assert.throws(() => openFcgiSocket(group, host, 0), {
    code: 'FCGI_SOCKET',
    message: 'Could not create FastCGI socket unix:///run/web.sock: EADDRINUSE',
  });
});
