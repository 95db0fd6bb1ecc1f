import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags } from '../../../src/cli/flags.js';
import { APP_SPEC_FLAGS, readAppSpec } from '../../../src/host/app-spec.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';
import { tempDir } from '../../helpers/temp-dir.js';

const read = (argv: string[], cwd: string) => readAppSpec(parseFlags(argv, APP_SPEC_FLAGS, 'x'), 'x', cwd);

test('one description from the shared flags: dir, name, env in order, port, memory', (t) => {
  const cwd = tempDir(t);
  mkdirSync(join(cwd, 'app'));
  writeFileSync(join(cwd, 'a.env'), 'A=file\nPORT=9000\n');
  assert.deepEqual(read(['app'], cwd), {
    appDir: join(cwd, 'app'),
    name: 'app',
    port: 8080,
    env: [],
    memory: undefined,
  });
  assert.deepEqual(
    read(['app', '--env-file', 'a.env', '-e', 'A=flag', '-e', 'B=2', '--memory', '64m', '--name', 'w'], cwd),
    {
      appDir: join(cwd, 'app'),
      name: 'w',
      port: 9000,
      env: [
        ['A', 'flag'],
        ['B', '2'],
      ],
      memory: '64m',
    },
  );
});

test('errors name the command they came from', (t) => {
  const cwd = tempDir(t);
  mkdirSync(join(cwd, 'app'));
  const rows: [string[], string, RegExp][] = [
    [['nowhere'], 'RUN_APP_DIR', /is not a directory/],
    [['app', 'extra'], 'USAGE', /^x: expected one APP_DIR, got also "extra"/],
    [['app', '-p', '0'], 'USAGE', /^x: -p should be a port number/],
    [['app', '-p', '80', '-e', 'PORT=81'], 'USAGE', /disagree/],
    [['app', '--memory', 'lots'], 'USAGE', /^x: --memory expects a size/],
  ];
  for (const [argv, code, pattern] of rows)
    assert.throws(
      () => read(argv, cwd),
      (err) => isModulusError(err) && err.code === code && pattern.test(err.message),
      argv.join(' '),
    );
});
