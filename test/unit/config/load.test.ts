// loadConfig: reading the main file from disk, with its not-found and unreadable errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('loadConfig reads a file relative to cwd, with process.env-like expansion', async (t) => {
  const dir = tempDir(t);
  writeFileSync(
    join(dir, 'sv.conf'),
    '[supervisord]\nlogfile=%(here)s/sd.log\n[program:a]\ncommand=echo %(ENV_WHO)s',
  );
  const config = await loadConfig('sv.conf', { cwd: dir, env: { WHO: 'me' } });
  assert.equal(config.file, join(dir, 'sv.conf'));
  assert.equal(config.supervisord.logfile, join(dir, 'sd.log'));
  assert.equal(config.groups[0]?.processes[0]?.command, 'echo me');
});

test('loadConfig errors: missing file, unreadable file, missing log directory', async (t) => {
  const dir = tempDir(t);
  await assert.rejects(
    loadConfig(join(dir, 'none.conf')),
    (err) => isModulusError(err) && err.code === 'CONFIG_NOT_FOUND',
  );
  mkdirSync(join(dir, 'adir'));
  await assert.rejects(
    loadConfig(join(dir, 'adir')),
    (err) => isModulusError(err) && err.code === 'CONFIG_UNREADABLE',
  );
  writeFileSync(
    join(dir, 'sv.conf'),
    '[supervisord]\n[program:a]\ncommand=a\nstdout_logfile=%(here)s/missing/a.log',
  );
  await assert.rejects(
    loadConfig(join(dir, 'sv.conf')),
    (err) =>
      isModulusError(err) &&
      err.code === 'CONFIG_VALUE' &&
      err.message.startsWith(`${join(dir, 'sv.conf')}:4 [program:a] stdout_logfile:`),
  );
});
