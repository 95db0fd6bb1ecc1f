// Fuzz: thousands of random and mutated configs (seeded, so failures replay) must either parse or
// throw a ModulusError whose message starts with file:line; any other exception is a parser bug.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/parse.js';
import type { ConfigSource } from '../../../src/config/include.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';
import { seededRandom } from '../../helpers/prng.js';

const SECTIONS = [
  'supervisord',
  'program:web',
  'program:w2',
  'group:g',
  'eventlistener:ev',
  'unix_http_server',
  'inet_http_server',
  'supervisorctl',
  'include',
  'rpcinterface:supervisor',
  'fcgi-program:f',
  'bogus',
  'DEFAULT',
  'program:a b',
  'group:web',
];
const KEYS = [
  'command',
  'process_name',
  'numprocs',
  'numprocs_start',
  'priority',
  'autostart',
  'autorestart',
  'startsecs',
  'exitcodes',
  'stopsignal',
  'stopasgroup',
  'killasgroup',
  'environment',
  'stdout_logfile',
  'stderr_logfile',
  'stdout_logfile_maxbytes',
  'redirect_stderr',
  'umask',
  'directory',
  'events',
  'buffer_size',
  'programs',
  'file',
  'port',
  'username',
  'password',
  'files',
  'logfile',
  'loglevel',
  'childlogdir',
  'serverurl',
  'result_handler',
  'crashloop_giveup',
  'unknown_key',
];
const VALUES = [
  'x',
  '1',
  '0',
  '-1',
  '3',
  'true',
  'no',
  'unexpected',
  '50MB',
  '1GB',
  'TERM',
  'SIGKILL',
  '99',
  '022',
  '9',
  '%(program_name)s',
  '%(process_num)02d',
  '%(here)s/log',
  '%(ENV_HOME)s',
  '%(nope)s',
  '%',
  '%%',
  '%(',
  'A="1",B=2',
  'A=1 B=2',
  '"unclosed',
  'PROCESS_STATE',
  'TICK_5,BOGUS',
  'web,w2',
  'nope',
  '127.0.0.1:9001',
  '*:70000',
  '/tmp/x.sock',
  'conf.d/*.conf',
  'NONE',
  'AUTO',
  'syslog',
  '~/x',
  'a b',
  'a:b',
  ' ; comment',
  'v # c',
  '',
  'prog_%(process_num)d',
];

const source: ConfigSource = {
  readFile: (path) => {
    if (path.endsWith('bad.conf')) throw Object.assign(new Error('denied'), { code: 'EACCES' });
    return '[program:inc]\ncommand=inc %(here)s\n';
  },
  readDir: (dir) => (dir === '/fz/conf.d' ? ['a.conf', 'bad.conf', '.hidden.conf'] : []),
  exists: (path) => path.startsWith('/fz/conf.d'),
};

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function randomConfig(rand: () => number): string {
  const lines: string[] = [];
  if (rand() < 0.9) lines.push('[supervisord]');
  const sections = Math.floor(rand() * 6);
  for (let s = 0; s < sections; s++) {
    lines.push(`[${pick(rand, SECTIONS)}]`);
    if (rand() < 0.8) lines.push(`command=${pick(rand, VALUES)}`);
    const keys = Math.floor(rand() * 6);
    for (let k = 0; k < keys; k++) {
      const sep = pick(rand, ['=', ' = ', ':', ': ']);
      lines.push(`${pick(rand, KEYS)}${sep}${pick(rand, VALUES)}`);
      if (rand() < 0.1) lines.push(`  ${pick(rand, VALUES)}`);
      if (rand() < 0.05) lines.push(pick(rand, ['', '; c', '# c', '   ']));
    }
  }
  return lines.join('\n');
}

function mutate(rand: () => number, text: string): string {
  const chars = '[]=:;#% \n\t"\'()sd,\\*?~/\r\u00e9\uFEFF';
  let out = text;
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (out.length + 1));
    const op = rand();
    if (op < 0.4) out = out.slice(0, at) + pick(rand, [...chars]) + out.slice(at);
    else if (op < 0.7) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 5));
    else {
      const lines = out.split('\n');
      const line = Math.floor(rand() * lines.length);
      lines.splice(line, 0, lines[Math.floor(rand() * lines.length)] ?? '');
      out = lines.join('\n');
    }
  }
  return out;
}

test('random and mutated configs parse or fail with a located ModulusError', () => {
  const rand = seededRandom(20240611);
  const started = Date.now();
  let parsed = 0;
  let failed = 0;
  for (let i = 0; i < 4000; i++) {
    const base = randomConfig(rand);
    const text = rand() < 0.5 ? base : mutate(rand, base);
    try {
      parseConfigText(text, '/fz/sv.conf', { env: { HOME: '/home/u' }, hostname: 'h', cwd: '/fz', source });
      parsed++;
    } catch (err) {
      failed++;
      if (!isModulusError(err) || !/^\/fz\/[^\s:]+:\d+ /.test(err.message)) {
        assert.fail(
          `case ${i} threw ${err instanceof Error ? err.stack : String(err)}\n--- config ---\n${text}`,
        );
      }
    }
  }
  assert.ok(parsed > 100 && failed > 100, `both outcomes exercised (parsed ${parsed}, failed ${failed})`);
  assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
});
