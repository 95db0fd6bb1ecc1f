// `modulus run` without Docker, end to end through the bundle: the quick-start app and the crasher
// run under our supervisor from a temp directory; ctl, logs and notifications find them from there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { MODULUS_BIN, runCli, scrubbedEnv } from '../../helpers/run-cli.js';
import { isAlive } from '../../helpers/supervisord.js';
import { waitFor } from '../../helpers/wait-for.js';
import { lookupUser } from '../../../src/os/users.js';
import { startRun } from './run-harness.js';

// Tests run as root; the app is isolated only where the host has a mop user (CI and this host do not).
const isolated =
  process.getuid?.() === 0 &&
  (() => {
    try {
      return lookupUser('mop') !== undefined;
    } catch {
      return false;
    }
  })();

/** The app's pid as `modulus ctl status` shows it. */
async function appPid(cwd: string): Promise<number | undefined> {
  const r = await runCli(['ctl', 'status'], { cwd });
  const m = /^app\s+RUNNING\s+pid (\d+)/m.exec(r.stdout);
  return m ? Number(m[1]) : undefined;
}

test('hello-http runs, answers, is controlled by ctl, shows logs, and stops on SIGINT', async (t) => {
  const run = await startRun(t, 'hello-http');
  const body = await run.get('/');
  assert.match(body, /^Hello \(pid \d+\)/);
  await run.waitForStderr(/app "hello-http" is RUNNING/);
  // The banner's lines may arrive in separate writes: wait for its last one.
  await run.waitForStderr(isolated ? /stop:\s+Ctrl-C/ : /warning: the app is not isolated/);
  const err = run.stderr();
  assert.ok(err.includes(`http://127.0.0.1:${run.port}`), err);
  assert.ok(err.includes(join(run.volume, 'log', 'app.log')), err);
  assert.ok(err.includes(join(run.volume, 'notifications')), err);
  assert.match(err, /modulus ctl status/);
  if (isolated) assert.doesNotMatch(err, /not isolated/);
  else assert.match(err, /warning: the app is not isolated/);

  // The app's output reaches app.log and, through the run, our stdout.
  const appLog = join(run.volume, 'log', 'app.log');
  await waitFor('the request line in app.log', () => readFileSync(appLog, 'utf8').includes('GET /'));
  assert.match(readFileSync(appLog, 'utf8'), new RegExp(`listening on http://127.0.0.1:${run.port}`));
  await waitFor('the log on stdout', () => run.stdout().includes('GET /'));

  const status = await runCli(['ctl', 'status'], { cwd: run.cwd });
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /^app\s+RUNNING\s+pid \d+/m);
  const before = await appPid(run.cwd);
  assert.ok(before !== undefined && isAlive(before));

  const restart = await runCli(['ctl', 'restart', 'app'], { cwd: run.cwd });
  assert.equal(restart.code, 0, restart.stderr);
  const after = await waitFor('a new app pid', async () => {
    const pid = await appPid(run.cwd);
    return pid !== undefined && pid !== before ? pid : undefined;
  });
  await run.get('/');

  const logs = await runCli(['logs', '-n', '5'], { cwd: run.cwd });
  assert.equal(logs.code, 0, logs.stderr);
  const lines = logs.stdout.trimEnd().split('\n');
  assert.ok(lines.length >= 1 && lines.length <= 5, logs.stdout);
  assert.ok(readFileSync(appLog, 'utf8').trimEnd().endsWith(lines.join('\n')));

  // logs -f: the last line, then what the app writes next, until Ctrl-C.
  const follow = spawn(process.execPath, [MODULUS_BIN, 'logs', '-f', '-n', '1'], {
    cwd: run.cwd,
    env: scrubbedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => follow.kill('SIGKILL'));
  let followed = '';
  follow.stdout.setEncoding('utf8').on('data', (d: string) => (followed += d));
  const followExit = new Promise((resolve) => follow.on('exit', resolve));
  await waitFor('the last line from logs -f', () => followed.length > 0);
  assert.equal(followed.trimEnd().split('\n').length, 1, followed);
  await run.get('/followed');
  await waitFor('the new request in logs -f', () => followed.includes('GET /followed'));
  follow.kill('SIGINT');
  assert.equal(await followExit, 0);

  const notes = await runCli(['notifications'], { cwd: run.cwd });
  assert.equal(notes.code, 0, notes.stderr);

  const socket = join(run.cwd, '.modulus', 'run', 'hello-http', 'supervisor.sock');
  assert.ok(existsSync(socket));
  assert.equal(await run.stop('SIGINT'), 0, run.stderr());
  assert.equal(isAlive(after), false, 'the app is gone');
  assert.equal(existsSync(socket), false, 'the socket is gone');
  assert.equal(existsSync(join(run.cwd, '.modulus', 'current.json')), false);
  assert.match(
    run.stdout(),
    /SIGTERM received, closing/,
    'the app stopped gracefully, and its last lines were shown',
  );
  // The run's record stays: its log can still be read.
  const later = await runCli(['logs', '--name', 'hello-http', '-n', '1'], { cwd: run.cwd });
  assert.equal(later.code, 0, later.stderr);
  assert.match(later.stdout, /SIGTERM received/);
  const ctl = await runCli(['ctl', 'status'], { cwd: run.cwd });
  assert.equal(ctl.code, 1);
  assert.match(ctl.stderr, /the run "hello-http" has ended \(its modulus run, pid \d+, is gone\)/);
});

test('-e values with commas, quotes and a newline reach the app unchanged', async (t) => {
  // (A value with both kinds of quote and a space cannot be written into supervisor.conf: app-conf.ts.)
  const greeting = 'Hi, "you" = 50% off #1 %(ENV_HOME)s\nline two';
  const run = await startRun(t, 'hello-http', ['-e', `GREETING=${greeting}`, '--name', 'greeter']);
  const body = await run.get('/');
  assert.ok(body.startsWith(`${greeting} (pid `), JSON.stringify(body));
  assert.equal(await run.stop('SIGTERM'), 0);
});

test('a crash writes a notification that `modulus notifications` lists; the app comes back', async (t) => {
  const run = await startRun(t, 'crasher');
  assert.equal(await run.get('/'), 'ok\n');
  await run.waitForStderr(/app "crasher" is RUNNING \(pid (\d+)/);
  await fetch(`http://127.0.0.1:${run.port}/crash`)
    .then((r) => r.text())
    .catch(() => '');
  const listed = await waitFor('a crash notification', async () => {
    const r = await runCli(['notifications'], { cwd: run.cwd });
    return /crash/.test(r.stdout) ? r.stdout : undefined;
  });
  assert.match(listed, /crash +app \(pid \d+\)/);
  assert.match(listed, /exiting with status 3/);
  const json = await runCli(['notifications', '--json'], { cwd: run.cwd });
  const record = JSON.parse(json.stdout.trimEnd().split('\n')[0]!) as { type: string; exitCode?: number };
  assert.equal(record.type, 'crash');
  await run.get('/');
  await run.waitForStderr(/app restarted: pid \d+ → \d+|app is RUNNING/);
  assert.equal(await run.stop('SIGINT'), 0);
});

// examples/express-app is not run here: its dependencies come from the npm registry and its
// engines "20.x" asks the Node.js index, so it cannot run offline. The Docker end-to-end tests run it.
