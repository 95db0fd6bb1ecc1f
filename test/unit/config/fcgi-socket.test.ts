import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/parse.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const FILE = '/etc/supervisord.conf';
const parse = (body: string) =>
  parseConfigText(`[supervisord]\n[fcgi-program:web]\ncommand=/usr/sbin/fcgiwrap\n${body}`, FILE, {
    env: {},
  });

function refused(body: string, line: number, pattern: RegExp): void {
  assert.throws(
    () => parse(body),
    (err) =>
      isModulusError(err) &&
      err.message.startsWith(`${FILE}:${line} [fcgi-program:web]`) &&
      pattern.test(err.message),
    body,
  );
}

test('tcp://HOST:PORT: the host lower-cased, no owner or mode, the backlog as given', () => {
  const [group] = parse('socket=tcp://LocalHost:9002\nsocket_backlog=64').groups;
  assert.deepEqual(group!.socket, {
    url: 'tcp://localhost:9002',
    kind: 'tcp',
    path: null,
    host: 'localhost',
    port: 9002,
    owner: null,
    mode: null,
    backlog: 64,
  });
});

test('unix:///path: %(program_name)s and %(here)s expand, mode 0700 by default', () => {
  const [group] = parse('socket=unix://%(here)s/%(program_name)s.sock').groups;
  assert.equal(group!.socket!.path, '/etc/web.sock');
  assert.equal(group!.socket!.mode, 0o700);
  assert.equal(group!.socket!.owner, null);
});

test('bad sockets are refused with the file, line and key, as supervisord refuses them', () => {
  refused('', 2, /requires a "socket" line/);
  refused('socket=', 4, /requires a "socket" line/);
  refused(
    'socket=unix://relative.sock',
    4,
    /socket: unix socket path "relative.sock" is not an absolute path/,
  );
  refused('socket=tcp://localhost', 4, /socket: expected unix:\/\/\/absolute\/path or tcp:\/\/HOST:PORT/);
  refused('socket=http://x:1', 4, /expected unix/);
  refused('socket=tcp://localhost:70000', 4, /port from 1 to 65535/);
  refused(
    'socket=tcp://localhost:9000\nsocket_mode=0666',
    5,
    /socket_mode: .*only be used with a unix domain socket/,
  );
  refused('socket=tcp://localhost:9000\nsocket_owner=nobody', 5, /socket_owner: .*unix domain socket/);
  refused('socket=unix:///s.sock\nsocket_backlog=0', 5, /socket_backlog: expected 1 to 65535, got 0/);
  refused('socket=unix:///s.sock\nsocket_owner=a:b:c', 5, /socket_owner: expected user or user:group/);
  refused('socket=unix:///s.sock\nsocket_mode=9', 5, /socket_mode:/);
});

test('a [group:x] may list an [fcgi-program:x], which then runs as a plain program (no socket), as in supervisord', () => {
  const c = parseConfigText(
    '[supervisord]\n[group:g]\nprograms=web\n[fcgi-program:web]\ncommand=/bin/cat\nsocket=tcp://127.0.0.1:9000\n',
    FILE,
    { env: {} },
  );
  assert.deepEqual(
    c.groups.map((g) => [g.name, g.socket, g.processes.map((p) => p.name)]),
    [['g', undefined, ['web']]],
  );
  assert.throws(
    () =>
      parseConfigText(
        '[supervisord]\n[group:g]\nprograms=web\n[fcgi-program:web]\ncommand=/bin/cat\nsocket=tcp://127.0.0.1:9000\n[program:web]\ncommand=/bin/cat\n',
        FILE,
        { env: {} },
      ),
    /ambiguous/,
  );
});
