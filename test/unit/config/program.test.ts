// [program:x] keys: supervisord 4 defaults, expansions per process, and located errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/parse.js';
import type { ProcessConfig } from '../../../src/config/model.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const FILE = '/mnt/supervisor.conf';
const opts = { env: { HOME: '/mnt/home', APP: 'demo' }, hostname: 'box', cwd: '/work' };

function procs(body: string, extra = ''): ProcessConfig[] {
  const config = parseConfigText(`[supervisord]\n${extra}\n[program:web]\n${body}`, FILE, opts);
  return config.groups.flatMap((g) => g.processes);
}

function proc(body: string): ProcessConfig {
  const [p] = procs(body);
  assert.ok(p);
  return p;
}

test('defaults are supervisord 4 defaults', () => {
  const p = proc('command=node app.js');
  assert.deepEqual(
    { ...p, origin: undefined },
    {
      name: 'web',
      group: 'web',
      section: 'program:web',
      origin: undefined,
      command: 'node app.js',
      priority: 999,
      autostart: true,
      autorestart: 'unexpected',
      startsecs: 1,
      startretries: 3,
      exitcodes: [0],
      stopsignal: 'TERM',
      stopwaitsecs: 10,
      stopasgroup: false,
      killasgroup: false,
      user: null,
      directory: null,
      umask: null,
      environment: {},
      redirectStderr: false,
      stdout: {
        logfile: 'AUTO',
        maxbytes: 52428800,
        backups: 10,
        captureMaxbytes: 0,
        eventsEnabled: false,
        syslog: false,
        timestamps: false,
      },
      stderr: {
        logfile: 'AUTO',
        maxbytes: 52428800,
        backups: 10,
        captureMaxbytes: 0,
        eventsEnabled: false,
        syslog: false,
        timestamps: false,
      },
      serverurl: null,
      crashLoop: { enabled: false, maxDelaySecs: 60, resetSecs: 60, giveUp: 0 },
    },
  );
  assert.deepEqual(p.origin, { file: FILE, line: 3 });
});

test('each key converts to its typed value', () => {
  const rows: [string, Partial<ProcessConfig> | ((p: ProcessConfig) => unknown), unknown?][] = [
    ['priority=5', { priority: 5 }],
    ['autostart=no', { autostart: false }],
    ['autorestart=true', { autorestart: true }],
    ['startsecs=0', { startsecs: 0 }],
    ['exitcodes=0,2', { exitcodes: [0, 2] }],
    ['stopsignal=SIGQUIT', { stopsignal: 'QUIT' }],
    ['stopasgroup=true', { stopasgroup: true, killasgroup: true }],
    ['killasgroup=true', { stopasgroup: false, killasgroup: true }],
    ['user=mop', { user: 'mop' }],
    ['umask=002', { umask: 0o2 }],
    ['directory=/mnt/app', { directory: '/mnt/app' }],
    ['serverurl=AUTO', { serverurl: null }],
    ['serverurl=unix:///tmp/s.sock', { serverurl: 'unix:///tmp/s.sock' }],
    ['redirect_stderr=true', { redirectStderr: true }],
    ['stdout_logfile=NONE', (p) => p.stdout.logfile, null],
    ['stdout_logfile=/mnt/log/app.log', (p) => p.stdout.logfile, '/mnt/log/app.log'],
    // As written (supervisord's existing_dirpath): relative stays relative, `..` stays.
    ['stdout_logfile=log/app.log', (p) => p.stdout.logfile, 'log/app.log'],
    ['stdout_logfile=/mnt/x/../log/app.log', (p) => p.stdout.logfile, '/mnt/x/../log/app.log'],
    ['stdout_logfile=~/app.log', (p) => p.stdout.logfile, '/mnt/home/app.log'],
    ['stdout_logfile_maxbytes=1KB', (p) => p.stdout.maxbytes, 1024],
    ['stderr_logfile_backups=0', (p) => p.stderr.backups, 0],
    ['stdout_capture_maxbytes=1MB', (p) => p.stdout.captureMaxbytes, 1048576],
    ['stderr_events_enabled=true', (p) => p.stderr.eventsEnabled, true],
    ['stdout_syslog=true', (p) => p.stdout.syslog, true],
    ['stdout_logfile=syslog', (p) => [p.stdout.logfile, p.stdout.syslog], [null, true]],
    ['stdout_logfile_timestamps=true', (p) => p.stdout.timestamps, true],
    [
      'crashloop_backoff=true\ncrashloop_max_delay=30\ncrashloop_reset_secs=120\ncrashloop_giveup=5',
      (p) => p.crashLoop,
      { enabled: true, maxDelaySecs: 30, resetSecs: 120, giveUp: 5 },
    ],
    ['environment=A="1",B=\'x, y\'', (p) => p.environment, { A: '1', B: 'x, y' }],
    ['redirect_stderr=true\nstderr_logfile=/tmp/e.log', (p) => p.stderr.logfile, null],
  ];
  for (const [line, expected, value] of rows) {
    const p = proc(`command=x\n${line}`);
    if (typeof expected === 'function') assert.deepEqual(expected(p), value, line);
    else
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(p[k as keyof ProcessConfig], v, line);
  }
});

test('numprocs makes one process per number, each with its own expansions', () => {
  const ps = procs(
    'command=app --port=80%(process_num)02d\nprocess_name=%(program_name)s_%(process_num)02d\nnumprocs=3\nnumprocs_start=1\n' +
      'environment=N="%(process_num)d",G=%(group_name)s\nstdout_logfile=/var/log/%(program_name)s-%(ENV_N)s.log\ndirectory=/srv/%(process_num)d',
  );
  assert.deepEqual(
    ps.map((p) => p.name),
    ['web_01', 'web_02', 'web_03'],
  );
  assert.deepEqual(
    ps.map((p) => p.command),
    ['app --port=8001', 'app --port=8002', 'app --port=8003'],
  );
  assert.deepEqual(
    ps.map((p) => p.environment),
    [
      { N: '1', G: 'web' },
      { N: '2', G: 'web' },
      { N: '3', G: 'web' },
    ],
  );
  assert.deepEqual(
    ps.map((p) => p.stdout.logfile),
    ['/var/log/web-1.log', '/var/log/web-2.log', '/var/log/web-3.log'],
  );
  assert.deepEqual(
    ps.map((p) => p.directory),
    ['/srv/1', '/srv/2', '/srv/3'],
  );
});

test('command sees here, host_node_name, ENV_ and the [supervisord] environment', () => {
  const [p] = procs('command=%(here)s/run %(host_node_name)s %(ENV_APP)s %(ENV_G)s %%', 'environment=G="g"');
  assert.ok(p);
  assert.equal(p.command, '/mnt/run box demo g %');
  assert.deepEqual(p.environment, { G: 'g' });
});

test('[supervisord] environment is inherited and overridden per program', () => {
  const [p] = procs('command=x\nenvironment=G="mine",P=1', 'environment=G="g",S=2');
  assert.deepEqual(p?.environment, { G: 'mine', S: '2', P: '1' });
});

function fails(body: string, code: string, line: number, key: string): void {
  assert.throws(
    () => procs(body),
    (err) => {
      assert.ok(isModulusError(err), String(err));
      assert.equal(err.code, code, err.message);
      assert.ok(
        err.message.startsWith(`${FILE}:${line} [program:web]${key.startsWith(':') ? '' : ' '}${key}`),
        err.message,
      );
      return true;
    },
    body,
  );
}

test('bad values are located errors', () => {
  fails('command=x\nstartsecs=ten', 'CONFIG_VALUE', 5, 'startsecs: expected an integer, got "ten"');
  fails('command=x\nautostart=maybe', 'CONFIG_VALUE', 5, 'autostart');
  fails('command=x\nstopsignal=NOPE', 'CONFIG_VALUE', 5, 'stopsignal');
  fails('command=x\nexitcodes=300', 'CONFIG_VALUE', 5, 'exitcodes');
  fails('command=x\nstdout_logfile_maxbytes=big', 'CONFIG_VALUE', 5, 'stdout_logfile_maxbytes');
  fails('command=x\nenvironment=A=1 B=2', 'CONFIG_VALUE', 5, 'environment');
  fails('command=x\nstopasgroup=true\nkillasgroup=false', 'CONFIG_VALUE', 6, 'killasgroup');
  fails('command=x\nnumprocs=2', 'CONFIG_VALUE', 5, 'numprocs');
  fails('command=x\nnumprocs=2\nprocess_name=%(program_name)s', 'CONFIG_VALUE', 6, 'process_name');
  fails('command=x\nprocess_name=a b', 'CONFIG_VALUE', 5, 'process_name');
  fails('command=x %(process_nm)s', 'CONFIG_EXPANSION', 4, 'command: cannot expand');
  fails('command=x\npriority=%(process_num)d', 'CONFIG_EXPANSION', 5, 'priority');
  fails('command=x %(ENV_NOPE)s', 'CONFIG_EXPANSION', 4, 'command');
  fails('command=x\nstdout_logfile=%(program_name)d', 'CONFIG_EXPANSION', 5, 'stdout_logfile');
  fails('autostart=true', 'CONFIG_MISSING_KEY', 3, ': has no command');
  fails('command=', 'CONFIG_VALUE', 4, 'command');
});

test('log directories must exist when a checker is given', () => {
  const text = '[supervisord]\n[program:web]\ncommand=x\nstdout_logfile=/nowhere/app.log';
  assert.throws(
    () => parseConfigText(text, FILE, { dirExists: (d) => d !== '/nowhere' }),
    (err) =>
      isModulusError(err) &&
      err.code === 'CONFIG_VALUE' &&
      err.message.startsWith(`${FILE}:4 [program:web] stdout_logfile:`),
  );
  assert.ok(parseConfigText(text, FILE, { dirExists: () => true }));
});

test('supervisord warnings are collected as data', () => {
  const config = parseConfigText(
    '[supervisord]\n[program:web]\ncommand=x\nstdout_logfile_maxbytes=0\nredirect_stderr=true\nstderr_logfile=/tmp/e\nbogus=1\nstderr_logfile=syslog',
    FILE,
  );
  const messages = config.warnings.map((w) => w.message).join('\n');
  assert.match(messages, /AUTO log file without rotation/);
  assert.match(messages, /bogus: unknown key/);
  assert.match(messages, /set again/);
  assert.match(messages, /deprecated/);
});
