// The restricted [include] on a real supervisord running as root: a program from the included file
// runs as program_user, and a file asking for another user, or for a log file outside program_logdir,
// stops supervisord before anything starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { PROGRAMS, startSupervisord, supervisordConfig } from '../../helpers/supervisord.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const INCLUDE = '[include]\nfiles = %(here)s/app.conf\nprogram_user = nobody\nprogram_stopasgroup = true\n';

test('a program from a restricted include runs as program_user', async (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  writeFileSync(
    join(dir, 'app.conf'),
    `[program:who]\ncommand=${join(PROGRAMS, 'print-umask-cwd')}\nstartsecs=0\ndirectory=/tmp\nstdout_logfile=%(here)s/who.log\n`,
  );
  const sd = await startSupervisord(t, INCLUDE, { dir });
  await sd.waitForLine(/success: who entered RUNNING state/);
  const line = await waitFor('who.log to hold the ids line', () => {
    try {
      return /uid \d+ gid \d+/.exec(readFileSync(join(dir, 'who.log'), 'utf8'))?.[0];
    } catch {
      return undefined;
    }
  });
  assert.equal(line, 'uid 65534 gid 65534');
});

test('a restricted include naming another user= makes supervisord exit with the file, line and key', async (t) => {
  const dir = tempDir(t);
  writeFileSync(
    join(dir, 'app.conf'),
    `[program:who]\ncommand=${join(PROGRAMS, 'sleep-forever')}\nuser=root\n`,
  );
  const configFile = join(dir, 'supervisord.conf');
  writeFileSync(configFile, supervisordConfig(dir, INCLUDE));
  const r = await runCli(['supervisord', '-n', '-c', configFile]);
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr,
    new RegExp(
      `${join(dir, 'app.conf').replace(/[.]/g, '\\.')}:3 \\[program:who\\] user: ` +
        'programs from .* run as "nobody"; "root" is not allowed',
    ),
  );
});

test('a restricted include logging outside program_logdir makes supervisord exit with the file, line and key', async (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'log'));
  const target = join(dir, 'preload');
  writeFileSync(
    join(dir, 'app.conf'),
    `[program:who]\ncommand=${join(PROGRAMS, 'sleep-forever')}\nstdout_logfile=%(here)s/log/../preload\n`,
  );
  const configFile = join(dir, 'supervisord.conf');
  writeFileSync(
    configFile,
    supervisordConfig(dir, INCLUDE.replace('[include]\n', '[include]\nprogram_logdir = %(here)s/log\n')),
  );
  const r = await runCli(['supervisord', '-n', '-c', configFile]);
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr,
    new RegExp(
      `${join(dir, 'app.conf').replace(/[.]/g, '\\.')}:3 \\[program:who\\] stdout_logfile: ` +
        `programs from .* log directly inside ${join(dir, 'log').replace(/[.]/g, '\\.')}; .* has a '\\.\\.'`,
    ),
  );
  assert.equal(existsSync(target), false, 'the file outside was not created');
});
