// [supervisord] directory= and umask= apply only when daemonizing, as in supervisord: in the
// foreground the supervisor and its programs keep the launcher's working directory and umask.
// Each case runs Debian's supervisord and ours side by side and compares what a program sees.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { DEBIAN_SUPERVISORD, requireDebianSupervisor } from '../../helpers/require-tool.js';
import { PROGRAMS } from '../../helpers/supervisord.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

type Kind = 'debian' | 'modulus';

/** Launches a supervisord from `launchDir` with umask 002 and returns what its program printed. */
async function programSees(t: TestContext, kind: Kind, foreground: boolean): Promise<string> {
  const dir = tempDir(t);
  const launchDir = join(dir, 'launch');
  const daemonDir = join(dir, 'daemon-dir');
  mkdirSync(launchDir);
  mkdirSync(daemonDir);
  const conf = join(dir, 'sd.conf');
  writeFileSync(
    conf,
    `[supervisord]\nlogfile=${dir}/sd.log\npidfile=${dir}/sd.pid\ndirectory=${daemonDir}\numask=077\n` +
      `[program:who]\ncommand=${join(PROGRAMS, 'print-umask-cwd')}\nstartsecs=0\nstdout_logfile=${dir}/who.log\n`,
  );
  const cmd =
    kind === 'debian'
      ? [DEBIAN_SUPERVISORD, '-c', conf]
      : [process.execPath, MODULUS_BIN, 'supervisord', '-c', conf];
  if (foreground) cmd.push('-n');
  const child = spawn('/bin/sh', ['-c', 'umask 002; cd "$1"; shift; exec "$@"', 'sh', launchDir, ...cmd], {
    env: scrubbedEnv(),
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const pid = await waitFor(`${kind}'s pidfile`, () =>
    existsSync(join(dir, 'sd.pid')) ? Number(readFileSync(join(dir, 'sd.pid'), 'utf8')) : undefined,
  );
  t.after(() => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  const line = await waitFor(`the program's line under ${kind}`, () => {
    const text = existsSync(join(dir, 'who.log')) ? readFileSync(join(dir, 'who.log'), 'utf8') : '';
    return text.includes('\n') ? text.split('\n')[0] : undefined;
  });
  process.kill(pid, 'SIGTERM');
  await waitFor(`${kind} to remove its pidfile`, () => !existsSync(join(dir, 'sd.pid')), {
    timeoutMs: 20_000,
  });
  if (foreground) await exited;
  // Compare what differs between the two runs only by directory names.
  return line
    .replace(launchDir, 'LAUNCH_DIR')
    .replace(daemonDir, 'DAEMON_DIR')
    .replace(/ uid.*/, '');
}

for (const foreground of [true, false]) {
  const mode = foreground ? 'in the foreground (-n)' : 'daemonized';
  test(`directory= and umask= ${mode}: the program sees what Debian's supervisord gives it`, async (t) => {
    if (!requireDebianSupervisor(t)) return;
    const [theirs, ours] = await Promise.all([
      programSees(t, 'debian', foreground),
      programSees(t, 'modulus', foreground),
    ]);
    assert.equal(ours, foreground ? 'umask 0002 cwd LAUNCH_DIR' : 'umask 0077 cwd DAEMON_DIR');
    assert.equal(ours, theirs);
  });
}
