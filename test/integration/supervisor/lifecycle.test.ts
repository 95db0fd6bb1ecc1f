// The process lifecycle with real processes: start order, startsecs, BACKOFF to FATAL,
// autorestart, stop with stopsignal and SIGKILL escalation, group signals, numprocs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, PROGRAMS, startSupervisord } from '../../helpers/supervisord.js';
import { waitFor } from '../../helpers/wait-for.js';

const prog = (name: string): string => join(PROGRAMS, name);

test('a program reaches RUNNING after startsecs and is stopped by SIGTERM at shutdown, exit 0', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:web]\ncommand=${prog('sleep-forever')}\nstartsecs=1\nstdout_logfile=%(here)s/web.log\n`,
  );
  const [, pid] = await sd.waitForLine(/spawned: 'web' with pid (\d+)/);
  await sd.waitForLine(/success: web entered RUNNING state, process has stayed up for > than 1 seconds/);
  assert.equal(await sd.stop('SIGTERM'), 0);
  assert.equal(isAlive(Number(pid)), false);
  assert.match(sd.output(), /stopped: web \(exit status 0\)/);
  assert.match(readFileSync(join(sd.dir, 'web.log'), 'utf8'), /ready \d+\ngot TERM\n/);
});

test('a program that exits too quickly goes BACKOFF with 1s, 2s, 3s delays and then FATAL', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:flaky]\ncommand=${prog('exit-with')} 3\nstartsecs=1\nstartretries=3\nstdout_logfile=NONE\n`,
  );
  await sd.waitForLine(/gave up: flaky entered FATAL state, too many start retries too quickly/, 15_000);
  assert.equal(sd.count(/spawned: 'flaky'/), 4, 'one start plus startretries=3 retries');
  assert.equal(sd.count(/exited: flaky \(exit status 3; not expected\)/), 4);
});

test('a command that does not exist goes through BACKOFF to FATAL with the reason logged', async (t) => {
  const sd = await startSupervisord(t, `[program:ghost]\ncommand=/no/such/program --flag\nstartretries=1\n`);
  await sd.waitForLine(/gave up: ghost entered FATAL state/, 10_000);
  assert.match(sd.output(), /spawnerr: can't find command '\/no\/such\/program'/);
});

test('autorestart=true restarts an exiting program promptly, not after a poll interval', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:again]\ncommand=${prog('exit-with')} 0\nstartsecs=0\nautorestart=true\nstdout_logfile=NONE\n`,
  );
  await waitFor('five spawns of the restarting program', () => sd.count(/spawned: 'again'/) >= 5, {
    timeoutMs: 5000,
  });
  assert.ok(sd.count(/exited: again \(exit status 0; expected\)/) >= 4);
});

test('autorestart=unexpected restarts only exits that are not in exitcodes', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:ok]\ncommand=${prog('exit-with')} 2\nstartsecs=0\nexitcodes=0,2\nstdout_logfile=NONE\n` +
      `[program:bad]\ncommand=${prog('exit-with')} 1\nstartsecs=0\nexitcodes=0\nstdout_logfile=NONE\n`,
  );
  await waitFor('three spawns of bad', () => sd.count(/spawned: 'bad'/) >= 3, { timeoutMs: 5000 });
  await sd.waitForLine(/exited: ok \(exit status 2; expected\)/);
  assert.equal(sd.count(/spawned: 'ok'/), 1);
});

test('stop escalates to SIGKILL after stopwaitsecs for a program that ignores stopsignal', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:stubborn]\ncommand=${prog('ignore-sigterm')}\nstartsecs=0\nstopwaitsecs=1\nstdout_logfile=NONE\n`,
  );
  const [, pid] = await sd.waitForLine(/spawned: 'stubborn' with pid (\d+)/);
  await sd.waitForLine(/success: stubborn entered RUNNING/);
  const started = Date.now();
  assert.equal(await sd.stop('SIGTERM'), 0);
  const elapsed = Date.now() - started;
  assert.match(sd.output(), /killing 'stubborn' \(\d+\) with SIGKILL/);
  assert.match(sd.output(), /stopped: stubborn \(terminated by SIGKILL\)/);
  assert.ok(elapsed >= 900, `waited stopwaitsecs before SIGKILL (${elapsed} ms)`);
  assert.equal(isAlive(Number(pid)), false);
});

test('stopasgroup signals the whole group, and what stays in the group is killed before the supervisor exits', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:tree]\ncommand=${prog('fork-grandchild')} %(here)s/grandchild.pid\nstartsecs=0\nstopasgroup=true\nkillasgroup=true\nstopwaitsecs=1\nstdout_logfile=NONE\n`,
  );
  const pidFile = join(sd.dir, 'grandchild.pid');
  const grandchild = await waitFor('the grandchild pid file', () => {
    try {
      return Number(readFileSync(pidFile, 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  });
  assert.ok(isAlive(grandchild));
  assert.equal(await sd.stop('SIGTERM'), 0);
  // The grandchild ignores SIGTERM and outlives its parent; supervisord would leave it running.
  assert.match(sd.output(), /killed processes left in the process group of tree/);
  await waitFor('the grandchild to be gone', () => !isAlive(grandchild), { timeoutMs: 5000 });
});

test('stopsignal is honoured (INT)', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:intme]\ncommand=${prog('sleep-forever')}\nstartsecs=0\nstopsignal=INT\nstdout_logfile=%(here)s/intme.log\n`,
  );
  await sd.waitForLine(/success: intme entered RUNNING/);
  assert.equal(await sd.stop('SIGINT'), 0);
  assert.match(readFileSync(join(sd.dir, 'intme.log'), 'utf8'), /got INT/);
});

test('numprocs with process_name starts each process, named by process_num', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:worker]\ncommand=${prog('sleep-forever')}\nprocess_name=%(program_name)s_%(process_num)02d\nnumprocs=3\nnumprocs_start=1\nstartsecs=0\nstdout_logfile=NONE\n`,
  );
  for (const name of ['worker_01', 'worker_02', 'worker_03']) {
    await sd.waitForLine(new RegExp(`success: ${name} entered RUNNING`));
  }
  assert.equal(await sd.stop(), 0);
});

test('priority orders start-up, and shutdown stops in reverse priority order', async (t) => {
  const sd = await startSupervisord(
    t,
    ['db:10', 'app:20', 'web:30']
      .map((pair) => {
        const [name, priority] = pair.split(':');
        return `[program:${name}]\ncommand=${prog('sleep-forever')}\npriority=${priority}\nstartsecs=0\nstdout_logfile=NONE\n`;
      })
      .join(''),
  );
  await sd.waitForLine(/success: web entered RUNNING/);
  const spawnOrder = [...sd.output().matchAll(/spawned: '(\w+)'/g)].map((m) => m[1]);
  assert.deepEqual(spawnOrder, ['db', 'app', 'web']);
  assert.equal(await sd.stop(), 0);
  const stopOrder = [...sd.output().matchAll(/stopped: (\w+) /g)].map((m) => m[1]);
  assert.deepEqual(stopOrder, ['web', 'app', 'db']);
});

test('autostart=false programs are not started', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:manual]\ncommand=${prog('sleep-forever')}\nautostart=false\n[program:auto]\ncommand=${prog('sleep-forever')}\nstartsecs=0\nstdout_logfile=NONE\n`,
  );
  await sd.waitForLine(/success: auto entered RUNNING/);
  assert.equal(sd.count(/spawned: 'manual'/), 0);
});

for (const signal of ['SIGINT', 'SIGQUIT'] as const) {
  test(`${signal} to the supervisor stops every program and exits 0`, async (t) => {
    const sd = await startSupervisord(
      t,
      `[program:p]\ncommand=${prog('sleep-forever')}\nstartsecs=0\nstdout_logfile=NONE\n`,
    );
    const [, pid] = await sd.waitForLine(/spawned: 'p' with pid (\d+)/);
    await sd.waitForLine(/success: p entered RUNNING/);
    assert.equal(await sd.stop(signal), 0);
    assert.equal(isAlive(Number(pid)), false);
  });
}
