// The process runner against a fake ProcessHost: what it asks the host for (spawn specs, signals,
// timers) and how it turns the host's answers (errno failures, exits, due timers) into states.
// Real processes are covered by test/integration/supervisor/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcessConfig } from '../../../src/config/model.js';
import { ProcessRunner, type TransitionReport } from '../../../src/supervisor/process-runner.js';
import { FakeProcessHost, settle } from '../../helpers/fake-process-host.js';

const STREAM = {
  logfile: null,
  maxbytes: 0,
  backups: 0,
  captureMaxbytes: 0,
  eventsEnabled: false,
  syslog: false,
  timestamps: false,
};

const CONFIG = {
  name: 'web',
  group: 'web',
  section: 'program:web',
  command: '/srv/web --port 8080',
  priority: 999,
  autostart: true,
  autorestart: 'unexpected',
  startsecs: 1,
  startretries: 2,
  exitcodes: [0],
  stopsignal: 'TERM',
  stopwaitsecs: 10,
  stopasgroup: false,
  killasgroup: false,
  user: null,
  directory: '/srv',
  umask: 0o027,
  environment: {},
  redirectStderr: false,
  stdout: STREAM,
  stderr: STREAM,
  serverurl: null,
  crashLoop: { enabled: false, maxDelaySecs: 60, resetSecs: 60, giveUp: 0 },
} as unknown as ProcessConfig;

function runner(config: Partial<ProcessConfig> = {}) {
  const host = new FakeProcessHost();
  const states: string[] = [];
  const logs: string[] = [];
  const reports: TransitionReport[] = [];
  const proc = new ProcessRunner({ ...CONFIG, ...config } as ProcessConfig, {
    plan: () => ({
      file: '/srv/web',
      argv: ['web', '--port', '8080'],
      env: { A: '1' },
      uid: null,
      gid: null,
      groups: null,
    }),
    sink: () => null,
    transition: (report) => {
      reports.push(report);
      states.push(report.to);
    },
    log: (level, message) => logs.push(`${level} ${message}`),
    host,
  });
  return { host, proc, states, logs, reports };
}

test('the spawn spec carries the plan and the config: file, argv, env, cwd, umask, stderr', async () => {
  const { host, proc } = runner({ redirectStderr: true });
  proc.start();
  await settle();
  assert.deepEqual(host.spawns, [
    {
      file: '/srv/web',
      argv: ['web', '--port', '8080'],
      env: { A: '1' },
      cwd: '/srv',
      uid: null,
      gid: null,
      groups: null,
      umask: 0o027,
      redirectStderr: true,
    },
  ]);
});

for (const [code, spawnerr] of [
  ['ENOENT', "can't find command '/srv/web'"],
  ['EACCES', "command at '/srv/web' is not executable"],
  ['EAGAIN', "couldn't exec /srv/web: EAGAIN"],
] as const) {
  test(`a spawn failing with ${code} backs off 1 s, 2 s, then is FATAL after startretries`, async () => {
    const { host, proc, states, logs } = runner();
    host.script.push(code, code, code);
    proc.start();
    await settle();
    assert.deepEqual(states, ['STARTING', 'BACKOFF']);
    assert.equal(proc.lifecycle.spawnError, spawnerr);
    assert.ok(logs.includes(`info spawnerr: ${spawnerr}`), logs.join('\n'));
    await host.advance(999);
    assert.equal(host.spawns.length, 1, 'the first retry waits the whole second');
    await host.advance(2);
    assert.equal(host.spawns.length, 2);
    await host.advance(2001);
    assert.equal(host.spawns.length, 3);
    assert.deepEqual(states, ['STARTING', 'BACKOFF', 'STARTING', 'BACKOFF', 'STARTING', 'BACKOFF', 'FATAL']);
    assert.equal(proc.spawnCount, 3);
    assert.equal(host.pendingTimers, 0, 'nothing is scheduled once FATAL');
  });
}

test('a spawn that fails once and then succeeds reaches RUNNING startsecs after the child exists', async () => {
  const { host, proc, states } = runner();
  host.script.push('EAGAIN', 'ok');
  proc.start();
  await host.advance(1001);
  assert.deepEqual(states, ['STARTING', 'BACKOFF', 'STARTING']);
  assert.equal(proc.pid, host.children[0]!.pid);
  await host.advance(999);
  assert.equal(proc.state, 'STARTING');
  await host.advance(2);
  assert.equal(proc.state, 'RUNNING');
  assert.equal(proc.lifecycle.backoff, 0);
});

test('an exit before startsecs is BACKOFF (Exited too quickly), and the retry spawns again', async () => {
  const { host, proc, states } = runner();
  proc.start();
  await settle();
  host.children[0]!.exit({ code: 1, signal: null });
  await settle();
  assert.deepEqual(states, ['STARTING', 'BACKOFF']);
  assert.match(proc.lifecycle.spawnError, /Exited too quickly/);
  await host.advance(1001);
  assert.equal(host.spawns.length, 2);
});

test('stop sends stopsignal to the pid; an exit during STOPPING is STOPPED and cancels the kill timer', async () => {
  const { host, proc, states, reports } = runner();
  proc.start();
  await host.advance(1001);
  const pid = host.children[0]!.pid;
  proc.stop();
  assert.deepEqual(host.signals, [[pid, 'TERM', false]]);
  assert.equal(proc.state, 'STOPPING');
  host.children[0]!.exit({ code: null, signal: 'TERM' });
  await settle();
  assert.deepEqual(states, ['STARTING', 'RUNNING', 'STOPPING', 'STOPPED']);
  assert.equal(reports.at(-1)!.expected, true);
  await host.advance(20_000);
  assert.deepEqual(host.signals, [[pid, 'TERM', false]], 'no SIGKILL after the child is gone');
  assert.equal(host.pendingTimers, 0);
});

test('a child that ignores stopsignal is SIGKILLed stopwaitsecs later, to its group with killasgroup', async () => {
  const { host, proc } = runner({ stopsignal: 'INT', stopwaitsecs: 3, stopasgroup: true, killasgroup: true });
  proc.start();
  await host.advance(1001);
  const pid = host.children[0]!.pid;
  proc.stop();
  await host.advance(2999);
  assert.deepEqual(host.signals, [[pid, 'INT', true]]);
  await host.advance(2);
  assert.deepEqual(host.signals, [
    [pid, 'INT', true],
    [pid, 'KILL', true],
  ]);
  host.children[0]!.exit({ code: null, signal: 'KILL' });
  await settle();
  assert.equal(proc.state, 'STOPPED');
});

test('an exit is reported once the pipes drain, or 200 ms later when a descendant holds them', async () => {
  const { host, proc } = runner({ startsecs: 0 });
  proc.start();
  await settle();
  proc.stop();
  host.children[0]!.exit({ code: 0, signal: null }, { pipesOpen: true });
  await host.advance(199);
  assert.equal(proc.state, 'STOPPING', 'waits for the output');
  await host.advance(2);
  assert.equal(proc.state, 'STOPPED');
});

test('wall-clock start and stop times come from the host', async () => {
  const { host, proc } = runner({ startsecs: 0 });
  proc.start();
  await settle();
  assert.equal(proc.startedAtWall, host.wallClock() / 1000);
  await host.advance(5000);
  proc.stop();
  host.children[0]!.exit({ code: 0, signal: null });
  await settle();
  assert.equal(proc.stoppedAtWall, (1_700_000_000_000 + 5000) / 1000);
});

test('a missing spawn helper (setpriv, prlimit) is named, not mistaken for the program', async () => {
  const { host, proc } = runner();
  host.spawn = (spec) => {
    host.spawns.push(spec);
    return Promise.reject(
      Object.assign(new Error('spawn /usr/bin/setpriv ENOENT'), { code: 'ENOENT', path: '/usr/bin/setpriv' }),
    );
  };
  proc.start();
  await settle();
  assert.equal(
    proc.lifecycle.spawnError,
    "couldn't exec /srv/web: /usr/bin/setpriv is needed to start it: ENOENT",
  );
});
