// Crash, fatal and out-of-memory notifications from a real container: the notifier runs as root
// beside the app and writes JSON records into /mnt/notifications, where the platform reads them.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  dockerSuite,
  get,
  makeVolume,
  REPO,
  RUN_NODE,
  runContainer,
  waitForApp,
  waitForRunning,
} from '../helpers/docker.js';
import { freePort } from '../helpers/free-port.js';
import { runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';

interface NotificationRecord {
  type: string;
  program: string;
  exit: { code: number | null; signal: string | null };
  memory: { evidence: string; limitBytes: number | null } | null;
  output: unknown;
}

function records(volume: string): NotificationRecord[] {
  const dir = join(volume, 'notifications');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as NotificationRecord);
}

function waitForRecord(volume: string, type: string, timeoutMs = 60_000): Promise<NotificationRecord> {
  return waitFor(
    `a ${type} notification in ${volume}/notifications`,
    () => records(volume).find((r) => r.type === type),
    { timeoutMs, intervalMs: 100 },
  );
}

async function crasher(t: TestContext, extra: string[] = [], config: string[] = []) {
  const port = await freePort();
  const volume = await makeVolume(t, {
    app: join(REPO, 'examples/crasher'),
    config: ['--port', String(port), ...config],
  });
  const c = await runContainer(t, RUN_NODE, volume, extra);
  await waitForApp(c, port);
  await waitForRunning(c); // a crash before startsecs is a failed start, not a crash
  return { port, volume, c };
}

test('a crash is a crash notification with the exit code and the last output; the app comes back', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { port, volume } = await crasher(t);
  await get(port, '/crash');
  const crash = await waitForRecord(volume, 'crash');
  assert.equal(crash.program, 'app');
  assert.deepEqual(crash.exit, { code: 3, signal: null });
  assert.match(JSON.stringify(crash.output), /exiting with status 3/);
  const dir = join(volume, 'notifications');
  for (const name of readdirSync(dir)) {
    const st = statSync(join(dir, name));
    assert.match(name, /\.json$/, `only finished records are left in notifications/, not ${name}`);
    assert.equal(st.uid, 0, `${name} is written by the supervisor side (root), not the app`);
  }
  await waitFor('the app restarted', () => get(port, '/'), { timeoutMs: 30_000 });
  const listed = await runCli(['notifications', dir]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /crash/);
});

test('an app that cannot stay up is a fatal notification', async (t) => {
  if (!(await dockerSuite(t))) return;
  const volume = await makeVolume(t, {
    app: join(REPO, 'test/fixtures/e2e-app'),
    config: ['--env', 'E2E_EXIT_AT_START=4'],
  });
  const c = await runContainer(t, RUN_NODE, volume);
  const fatal = await waitForRecord(volume, 'fatal', 90_000);
  assert.equal(fatal.program, 'app');
  const status = await c.exec(['supervisorctl', 'status', 'app']);
  assert.match(status.stdout, /FATAL/);
});

test('an out-of-memory kill under docker run --memory is an oom notification, not a plain crash', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { port, volume } = await crasher(t, ['--memory', '256m', '--memory-swap', '256m']);
  await get(port, '/oom');
  const oom = await waitForRecord(volume, 'oom');
  assert.equal(oom.program, 'app');
  assert.equal(oom.exit.signal, 'SIGKILL');
  assert.ok(oom.memory, 'the record carries the cgroup evidence');
  assert.match(oom.memory.evidence, /^cgroup-v[12]:/);
  assert.equal(oom.memory.limitBytes, 256 * 1024 * 1024);
  assert.equal(
    records(volume).filter((r) => r.type === 'crash').length,
    0,
    'no crash record for the OOM kill',
  );
});
