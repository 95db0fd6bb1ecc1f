import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULUS_BIN, runCli, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('writes supervisor.conf to stdout, for $MODULUS_MNT', async () => {
  const r = await runCli(['config', '--port', '3000', '-e', 'A=1', '--env=B=two words'], {
    env: scrubbedEnv({ MODULUS_MNT: '/srv/vol' }),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\[program:app\]$/m);
  assert.match(r.stdout, /^directory=\/srv\/vol\/app$/m);
  assert.match(r.stdout, /^user=mop$/m);
  assert.match(r.stdout, /,PORT="3000",A="1",B="two words"$/m);
});

test('env files first, --env wins; a bare name passes our value on', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'app.env');
  writeFileSync(file, '# comment\n\nA=from file\nC=kept\nFROM_US\n');
  const r = await runCli(
    ['config', '-e', 'A=from flag', '--env-file', file, '--no-user', '-o', join(dir, 'out.conf')],
    {
      env: scrubbedEnv({ FROM_US: 'x y' }),
    },
  );
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const text = readFileSync(join(dir, 'out.conf'), 'utf8');
  assert.match(text, /A="from flag",C="kept",FROM_US="x y"$/m);
  assert.doesNotMatch(text, /^user=/m);
});

test('bad usage and bad values exit 2 with the reason', async () => {
  const rows: [string[], RegExp][] = [
    [['config', 'extra'], /usage: modulus config/],
    [['config', '--user', 'a', '--no-user'], /cannot be used together/],
    [['config', '--port', 'http'], /--port: expected a whole number/],
    [['config', '--port', '70000'], /port: expected a number from 1 to 65535/],
    [['config', '--log-maxbytes', 'big'], /log max bytes/],
    [['config', '--env', '1X=y'], /"1X"/],
    [['config', '--mnt', 'rel'], /absolute/],
  ];
  for (const [args, pattern] of rows) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
  }
});

// Node.js itself reads a script's `--env-file F` when F is missing or unreadable and exits 9
// (nodejs/node#54232), so this runs the bundle after `--`, where node leaves the arguments alone.
test('an env file that cannot be read is a usage error naming it', (t) => {
  const missing = join(tempDir(t), 'none.env');
  const r = spawnSync(process.execPath, ['--', MODULUS_BIN, 'config', '--env-file', missing], {
    env: scrubbedEnv(),
    encoding: 'utf8',
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /none\.env: cannot read it \(ENOENT\)/);
});

test('--env-prefix hands the prefixed variables to the app by their own names, and --env wins', async () => {
  const r = await runCli(['config', '--env-prefix', 'MODULUS_APP_ENV_', '-e', 'B=flag'], {
    env: scrubbedEnv({
      MODULUS_APP_ENV_NODE_OPTIONS: '--max-old-space-size=64',
      MODULUS_APP_ENV_B: 'prefixed',
      MODULUS_APP_ENV_SECRET: 'a "quoted", 50% value',
    }),
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /TMP_DIR="\/mnt\/tmp",APP_STORAGE="\/mnt\/app-storage",B="flag",NODE_OPTIONS="--max-old-space-size=64",SECRET=/m,
  );
  assert.doesNotMatch(r.stdout, /MODULUS_APP_ENV_/);
});
