// How a program is spawned: environment, user, umask, directory, redirect_stderr, PATH lookup,
// quoting, and the child leading its own process group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRAMS, startSupervisord } from '../../helpers/supervisord.js';
import { scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const prog = (name: string): string => join(PROGRAMS, name);

function readWhenContains(file: string, needle: string): Promise<string> {
  return waitFor(`${file} to contain ${JSON.stringify(needle)}`, () => {
    try {
      const text = readFileSync(file, 'utf8');
      return text.includes(needle) ? text : undefined;
    } catch {
      return undefined;
    }
  });
}

function envOf(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of text.split('\0')) {
    const at = entry.indexOf('=');
    if (at > 0) map.set(entry.slice(0, at).replace(/^\n/, ''), entry.slice(at + 1));
  }
  return map;
}

test("the environment is the supervisor's, plus SUPERVISOR_*, [supervisord] environment and environment=", async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:envy]\ncommand=${prog('print-env')}\nstartsecs=0\nstdout_logfile=%(here)s/env.log\n` +
      `environment=A="a, b",B='it s',C=plain,\n  D="x=y"\n`,
    { extra: 'environment=FROM_SUPERVISORD=1,A=overridden', env: scrubbedEnv({ FROM_PARENT: 'yes' }) },
  );
  const env = envOf(await readWhenContains(join(sd.dir, 'env.log'), 'ready'));
  assert.equal(env.get('SUPERVISOR_ENABLED'), '1');
  assert.equal(env.get('SUPERVISOR_PROCESS_NAME'), 'envy');
  assert.equal(env.get('SUPERVISOR_GROUP_NAME'), 'envy');
  assert.equal(env.get('FROM_PARENT'), 'yes');
  assert.equal(env.get('FROM_SUPERVISORD'), '1');
  assert.equal(env.get('A'), 'a, b', 'program environment wins over [supervisord] environment');
  assert.equal(env.get('B'), 'it s');
  assert.equal(env.get('C'), 'plain');
  assert.equal(env.get('D'), 'x=y');
});

test('directory, umask and user= are applied to the child (user nobody: its own group only)', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:who]\ncommand=${prog('print-umask-cwd')}\nstartsecs=0\nstdout_logfile=%(here)s/who.log\ndirectory=/tmp\numask=027\nuser=nobody\n`,
  );
  chmodSync(sd.dir, 0o755);
  const line = await readWhenContains(join(sd.dir, 'who.log'), 'umask');
  assert.match(line, /umask 0027 cwd \/tmp uid 65534 gid 65534 groups 65534\n/);
});

test('user= naming a user that does not exist is refused as the file is read, as supervisord does', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:nouser]\ncommand=${prog('sleep-forever')}\nuser=no-such-user-here\nstartretries=0\n`,
  );
  const { code } = await sd.exited;
  assert.equal(code, 2);
  assert.match(
    sd.output(),
    /supervisord\.conf:\d+ \[program:nouser\] user: no such user "no-such-user-here"/,
  );
});

test('redirect_stderr sends stderr into the stdout log, and no shell is left behind', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:both]\ncommand=${prog('write-stderr')}\nstartsecs=0\nredirect_stderr=true\nstdout_logfile=%(here)s/both.log\n`,
  );
  const text = await readWhenContains(join(sd.dir, 'both.log'), 'to stderr');
  assert.match(text, /to stdout\nto stderr\n/);
  const [, pid] = sd.output().match(/spawned: 'both' with pid (\d+)/)!;
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  assert.match(cmdline, /write-stderr/, 'the pid supervisord reports is the program itself');
});

test('separate stdout and stderr logs', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:split]\ncommand=${prog('write-stderr')}\nstartsecs=0\nstdout_logfile=%(here)s/out.log\nstderr_logfile=%(here)s/err.log\n`,
  );
  assert.equal(await readWhenContains(join(sd.dir, 'err.log'), 'to stderr'), 'to stderr\n');
  assert.equal(await readWhenContains(join(sd.dir, 'out.log'), 'to stdout'), 'to stdout\n');
});

test('the command is split like shlex and found on the PATH from environment=', async (t) => {
  const bin = join(tempDir(t), 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'args'), '#!/bin/sh\nfor a in "$@"; do echo "[$a]"; done\nsleep 30\n', {
    mode: 0o755,
  });
  const sd = await startSupervisord(
    t,
    `[program:quoted]\ncommand=args "two words" 'single quoted' back\\ slash\nenvironment=PATH="${bin}:/usr/bin:/bin"\nstartsecs=0\nstdout_logfile=%(here)s/args.log\n`,
  );
  const text = await readWhenContains(join(sd.dir, 'args.log'), 'slash]');
  assert.equal(text, '[two words]\n[single quoted]\n[back slash]\n');
});

test('a program that is not executable is reported as such', async (t) => {
  const script = join(tempDir(t), 'noexec.sh');
  writeFileSync(script, '#!/bin/sh\necho hi\n', { mode: 0o644 });
  const sd = await startSupervisord(t, `[program:noexec]\ncommand=${script}\nstartretries=0\n`);
  await sd.waitForLine(/gave up: noexec entered FATAL state/);
  // As root, access(X_OK) fails only when no execute bit is set at all.
  assert.match(sd.output(), /command at '.*noexec\.sh' is not executable/);
});

test('each program leads its own process group and session', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:leader]\ncommand=${prog('sleep-forever')}\nstartsecs=0\nstdout_logfile=NONE\n`,
  );
  const [, pid] = await sd.waitForLine(/spawned: 'leader' with pid (\d+)/);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  assert.equal(fields[2], pid, 'pgid equals pid');
  assert.equal(fields[3], pid, 'session id equals pid');
});

test('a program writes to pipes, as under supervisord, and holds no pipe of another program', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:fds]\ncommand=/bin/sh -c "stat -L -c %%F /proc/self/fd/1 /proc/self/fd/2; ls -l /proc/self/fd/; sleep 30"\n` +
      `startsecs=0\nstdout_logfile=%(here)s/fds.log\nstderr_logfile=%(here)s/fds.err\n` +
      `[program:other]\ncommand=/bin/sleep 30\nstartsecs=0\nstdout_logfile=%(here)s/other.log\n`,
  );
  const text = await readWhenContains(join(sd.dir, 'fds.log'), 'total');
  assert.match(text, /^fifo\nfifo\n/, 'stdout and stderr are pipes');
  // ls's own listing: 0-2 are the program's, 3 is ls's directory; nothing else of the supervisor's.
  const pipes = text.split('\n').filter((l) => /modulus-pipes/.test(l));
  assert.deepEqual(
    pipes.map((l) => /\s(\d+) ->/.exec(l)?.[1]),
    ['1', '2'],
    `only fd 1 and 2 are pipes of ours:\n${text}`,
  );
});

test('where pipes cannot be made the supervisor says so, and output still reaches the log', async (t) => {
  // No mkfifo on PATH: the programs get Node's socketpairs instead.
  const sd = await startSupervisord(
    t,
    `[program:echo]\ncommand=/bin/sh -c "echo through a socket; /bin/sleep 30"\n` +
      `startsecs=0\nstdout_logfile=%(here)s/echo.log\n`,
    { env: scrubbedEnv({ PATH: '/nonexistent' }) },
  );
  await sd.waitForLine(
    /WARN programs write to socketpairs, not pipes \(slower for heavy output\): mkfifo: .*ENOENT/,
  );
  await readWhenContains(join(sd.dir, 'echo.log'), 'through a socket\n');
});
