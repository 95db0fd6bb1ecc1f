// [unix_http_server], [inet_http_server] and [supervisorctl] with supervisord's defaults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/parse.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const FILE = '/etc/sv/sv.conf';
const parse = (text: string) =>
  parseConfigText(`[supervisord]\n${text}`, FILE, { cwd: '/work', env: { HOME: '/root' } });

test('unix_http_server', () => {
  assert.deepEqual(parse('[unix_http_server]\nfile=%(here)s/s.sock').unixHttpServer, {
    file: '/etc/sv/s.sock',
    chmod: 0o700,
    chown: null,
    username: null,
    password: null,
  });
  assert.deepEqual(
    parse('[unix_http_server]\nfile=run/s.sock\nchmod=0770\nchown=root:mop\nusername=u\npassword={SHA}ab')
      .unixHttpServer,
    {
      file: '/work/run/s.sock',
      chmod: 0o770,
      chown: 'root:mop',
      username: 'u',
      password: '{SHA}ab',
    },
  );
  assert.equal(parse('').unixHttpServer, null);
});

test('inet_http_server', () => {
  const rows: [string, { host: string; port: number }][] = [
    ['127.0.0.1:9001', { host: '127.0.0.1', port: 9001 }],
    ['*:9001', { host: '0.0.0.0', port: 9001 }],
    ['9002', { host: '0.0.0.0', port: 9002 }],
    ['localhost:9003', { host: 'localhost', port: 9003 }],
  ];
  for (const [port, expected] of rows) {
    assert.deepEqual(parse(`[inet_http_server]\nport=${port}\nusername=u\npassword=p`).inetHttpServer, {
      ...expected,
      username: 'u',
      password: 'p',
    });
  }
  assert.equal(parse('').inetHttpServer, null);
  assert.equal(parse('[inet_http_server]\nport=127.0.0.1:9001').inetHttpServer?.password, null);
});

test('supervisorctl defaults and values', () => {
  assert.deepEqual(parse('').supervisorctl, {
    serverurl: 'http://localhost:9001',
    username: null,
    password: null,
    prompt: 'supervisor',
    historyFile: null,
  });
  assert.deepEqual(
    parse(
      '[supervisorctl]\nserverurl=unix://run/../s.sock\nprompt=mod\nhistory_file=~/.h\nusername=a\npassword=b',
    ).supervisorctl,
    {
      serverurl: 'unix:///work/s.sock',
      username: 'a',
      password: 'b',
      prompt: 'mod',
      historyFile: '/root/.h',
    },
  );
});

test('server mistakes are located errors', () => {
  const rows: [string, string, number][] = [
    ['[unix_http_server]\nchmod=0700', 'CONFIG_MISSING_KEY', 2],
    ['[unix_http_server]\nfile=/s\nchmod=9', 'CONFIG_VALUE', 4],
    ['[unix_http_server]\nfile=/s\nusername=u', 'CONFIG_MISSING_KEY', 2],
    ['[inet_http_server]\nusername=u\npassword=p', 'CONFIG_MISSING_KEY', 2],
    ['[inet_http_server]\nport=70000', 'CONFIG_VALUE', 3],
    ['[inet_http_server]\nport=localhost:', 'CONFIG_VALUE', 3],
    // Beyond loopback without a password: refused where the port is set.
    ['[inet_http_server]\nport=*:9001', 'RPC_INET_UNAUTHENTICATED', 3],
    ['[inet_http_server]\nusername=u\npassword=\nport=10.0.0.1:9001', 'RPC_INET_UNAUTHENTICATED', 5],
  ];
  for (const [text, code, line] of rows) {
    assert.throws(
      () => parse(text),
      (err) => isModulusError(err) && err.code === code && err.message.startsWith(`${FILE}:${line} `),
      text,
    );
  }
});
