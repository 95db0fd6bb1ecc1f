// Signals to the supervisor: HUP restarts with the config read again, USR2 reopens logs,
// and a bad config at reload keeps the old one running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, PROGRAMS, startSupervisord, supervisordConfig } from '../../helpers/supervisord.js';
import { waitFor } from '../../helpers/wait-for.js';

const prog = (name: string): string => join(PROGRAMS, name);

test('SIGHUP stops every program, rereads the config and starts what it now says', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:old]\ncommand=${prog('sleep-forever')}\nstartsecs=0\nstdout_logfile=NONE\n`,
  );
  const [, oldPid] = await sd.waitForLine(/spawned: 'old' with pid (\d+)/);
  await sd.waitForLine(/success: old entered RUNNING/);
  writeFileSync(
    sd.configFile,
    supervisordConfig(
      sd.dir,
      `[program:new]\ncommand=${prog('sleep-forever')}\nstartsecs=0\nstdout_logfile=NONE\n`,
    ),
  );
  sd.child.kill('SIGHUP');
  await sd.waitForLine(/success: new entered RUNNING/);
  assert.match(sd.output(), /stopped: old/);
  assert.equal(isAlive(Number(oldPid)), false);
  assert.equal(await sd.stop(), 0);
});

test('SIGHUP with a broken config keeps the previous config and says why', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:keep]\ncommand=${prog('sleep-forever')}\nstartsecs=0\nstdout_logfile=NONE\n`,
  );
  await sd.waitForLine(/success: keep entered RUNNING/);
  writeFileSync(sd.configFile, supervisordConfig(sd.dir, `[program:broken]\nstartsecs=ten\n`));
  sd.child.kill('SIGHUP');
  await sd.waitForLine(/could not reload .*supervisord\.conf, keeping the previous config/);
  await waitFor('keep to run again', () => sd.count(/success: keep entered RUNNING/) === 2);
  assert.equal(await sd.stop(), 0);
});

test('SIGUSR2 reopens log files after an external rotation (logrotate style)', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:talker]\ncommand=/bin/sh -c 'i=0; while :; do i=$((i+1)); echo "tick $i"; sleep 0.1; done'\nstartsecs=0\nstdout_logfile=%(here)s/talker.log\n`,
  );
  const log = join(sd.dir, 'talker.log');
  await waitFor('a first tick', () => readFileSync(log, 'utf8').includes('tick 1\n'));
  renameSync(log, log + '.rotated');
  sd.child.kill('SIGUSR2');
  await sd.waitForLine(/received SIGUSR2 indicating log reopen request/);
  const fresh = await waitFor('ticks in a new talker.log', () => {
    try {
      return readFileSync(log, 'utf8').match(/^tick (\d+)$/m);
    } catch {
      return undefined;
    }
  });
  // Nothing lost across the reopen: the new file continues where the rotated one ends.
  const rotated = readFileSync(log + '.rotated', 'utf8')
    .trim()
    .split('\n');
  assert.equal(Number(fresh[1]), Number(rotated.at(-1)!.split(' ')[1]) + 1);
  assert.match(readFileSync(join(sd.dir, 'supervisord.log'), 'utf8'), /received SIGUSR2/);
  assert.equal(await sd.stop(), 0);
});
