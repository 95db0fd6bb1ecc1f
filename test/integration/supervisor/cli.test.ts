// `modulus supervisord` as a command: flags, config search errors, and a bad config refused
// before anything starts, naming file, line, section and key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { PROGRAMS } from '../../helpers/supervisord.js';

test('-v prints the supervisord version it emulates; -h prints usage', async () => {
  const v = await runCli(['supervisord', '-v']);
  assert.equal(v.code, 0);
  assert.equal(v.stdout, '4.2.5\n');
  for (const flag of ['-h', '-?', '--help']) {
    const h = await runCli(['supervisord', flag]);
    assert.equal(h.code, 0, `exit code of supervisord ${flag}`);
    assert.match(h.stdout, /-c\/--configuration FILENAME/);
    // The first line is supervisord's own (`supervisord -?` prints the same).
    assert.equal(h.stdout.split('\n')[0], 'supervisord -- run a set of applications as daemons.');
  }
});

test('an unknown flag is a usage error with exit code 2', async () => {
  const r = await runCli(['supervisord', '--bogus']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option --bogus/);
});

test('a bad value exits 2 before any program starts, naming file:line [section] key', async (t) => {
  const dir = tempDir(t);
  const conf = join(dir, 'bad.conf');
  const marker = join(dir, 'started');
  writeFileSync(
    conf,
    `[supervisord]\nlogfile=${dir}/sd.log\n[program:first]\ncommand=/bin/touch ${marker}\n[program:web]\ncommand=/bin/true\nstartsecs=ten\n`,
  );
  const r = await runCli(['supervisord', '-n', '-c', conf]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`${conf.replace(/\//g, '\\/')}:7 \\[program:web\\] startsecs: .*"ten"`));
  assert.equal(existsSync(marker), false, 'nothing started');
});

test('a program without command= is refused', async (t) => {
  const dir = tempDir(t);
  const conf = join(dir, 'nocmd.conf');
  writeFileSync(conf, `[supervisord]\nlogfile=${dir}/sd.log\n[program:empty]\nautostart=true\n`);
  const r = await runCli(['supervisord', '-n', '-c', conf]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\[program:empty\].*command/);
});

test('a missing -c file is an error naming it', async (t) => {
  const missing = join(tempDir(t), 'nope.conf');
  const r = await runCli(['supervisord', '-n', '-c', missing]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /nope\.conf/);
});

test('command-line flags override the file: -l logfile, -e loglevel, -j pidfile, -q childlogdir', async (t) => {
  const dir = tempDir(t);
  const conf = join(dir, 'sd.conf');
  writeFileSync(
    conf,
    `[supervisord]\nlogfile=${dir}/ignored.log\n[program:once]\ncommand=${join(PROGRAMS, 'exit-with')} 0\nstartsecs=0\nautorestart=false\n`,
  );
  const child = runCli(
    [
      'supervisord',
      '-n',
      '-c',
      conf,
      '-l',
      join(dir, 'main.log'),
      '-e',
      'debug',
      '-j',
      join(dir, 'x.pid'),
      '-q',
      dir,
    ],
    {
      timeoutMs: 20_000,
    },
  );
  const { waitFor } = await import('../../helpers/wait-for.js');
  const { readFileSync } = await import('node:fs');
  await waitFor(
    'the program to exit',
    () =>
      existsSync(join(dir, 'main.log')) && /exited: once/.test(readFileSync(join(dir, 'main.log'), 'utf8')),
  );
  const pid = Number(readFileSync(join(dir, 'x.pid'), 'utf8'));
  process.kill(pid, 'SIGTERM');
  const r = await child;
  assert.equal(r.code, 0);
  assert.equal(existsSync(join(dir, 'ignored.log')), false);
  assert.equal(existsSync(join(dir, 'x.pid')), false, 'pidfile removed at exit');
  assert.match(readFileSync(join(dir, 'main.log'), 'utf8'), /DEBG/);
});

test('without -n it daemonizes: the command returns and the daemon runs in the background', async (t) => {
  const dir = tempDir(t);
  const conf = join(dir, 'sd.conf');
  writeFileSync(
    conf,
    `[supervisord]\nlogfile=${dir}/sd.log\npidfile=${dir}/sd.pid\n[program:bg]\ncommand=${join(PROGRAMS, 'sleep-forever')}\nstartsecs=0\nstdout_logfile=NONE\n`,
  );
  const r = await runCli(['supervisord', '-c', conf]);
  assert.equal(r.code, 0);
  const { waitFor } = await import('../../helpers/wait-for.js');
  const { readFileSync } = await import('node:fs');
  const pid = await waitFor('the daemon pidfile', () =>
    existsSync(join(dir, 'sd.pid')) ? Number(readFileSync(join(dir, 'sd.pid'), 'utf8')) : undefined,
  );
  t.after(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  await waitFor('bg RUNNING in the daemon log', () =>
    /success: bg entered RUNNING/.test(readFileSync(join(dir, 'sd.log'), 'utf8')),
  );
  process.kill(pid, 'SIGTERM');
  await waitFor('the daemon to remove its pidfile', () => !existsSync(join(dir, 'sd.pid')));
});

test("minfds above what the kernel allows is refused with exit 2 and supervisord's message", async (t) => {
  const dir = tempDir(t);
  const conf = join(dir, 'sd.conf');
  writeFileSync(
    conf,
    `[supervisord]\nlogfile=${dir}/sd.log\nminfds=999999999\n[program:p]\ncommand=/bin/true\n`,
  );
  const r = await runCli(['supervisord', '-n', '-c', conf]);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^Error: The minimum number of file descriptors required to run this process is 999999999 as per the "minfds" command-line argument or config file setting\. The current environment will only allow you to open \d+ file descriptors\. {2}Either raise/m,
  );
});

test('-u switches the supervisor itself, and so its programs, to that user', async (t) => {
  const dir = tempDir(t);
  const { chmodSync, readFileSync } = await import('node:fs');
  chmodSync(dir, 0o777);
  const conf = join(dir, 'sd.conf');
  writeFileSync(
    conf,
    `[supervisord]\nlogfile=${dir}/sd.log\npidfile=${dir}/sd.pid\nchildlogdir=${dir}\n` +
      `[program:who]\ncommand=/bin/sh -c 'id -u; sleep 30'\nstartsecs=0\nstdout_logfile=${dir}/who.log\n`,
  );
  chmodSync(conf, 0o644);
  const child = runCli(['supervisord', '-n', '-c', conf, '-u', 'nobody'], { timeoutMs: 20_000 });
  const { waitFor } = await import('../../helpers/wait-for.js');
  await waitFor(
    'the program to print its uid',
    () => existsSync(join(dir, 'who.log')) && readFileSync(join(dir, 'who.log'), 'utf8').endsWith('\n'),
  );
  assert.equal(readFileSync(join(dir, 'who.log'), 'utf8'), '65534\n');
  const pid = Number(readFileSync(join(dir, 'sd.pid'), 'utf8'));
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  assert.match(status, /^Uid:\s+65534\s+65534/m, 'the supervisor runs as nobody');
  process.kill(pid, 'SIGTERM');
  assert.equal((await child).code, 0);
});
