import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunArgs } from '../../../src/cli/run.js';
import type { RunRequest } from '../../../src/host/run-request.js';
import { tempDir } from '../../helpers/temp-dir.js';

function setup(t: Parameters<typeof tempDir>[0]): string {
  const cwd = tempDir(t);
  mkdirSync(join(cwd, 'my-app'));
  return cwd;
}

const parse = (argv: string[], cwd: string): RunRequest => parseRunArgs(argv, cwd) as RunRequest;

test('defaults: local, named after the app dir, volume under .modulus here, port 8080', (t) => {
  const cwd = setup(t);
  const r = parse(['my-app'], cwd);
  assert.equal(r.mode, 'local');
  assert.equal(r.appDir, join(cwd, 'my-app'));
  assert.equal(r.name, 'my-app');
  assert.equal(r.volume, join(cwd, '.modulus', 'volumes', 'my-app'));
  assert.equal(r.port, 8080);
  assert.deepEqual(r.env, []);
  assert.equal(r.image, 'modulus/run-node');
  assert.equal(r.memory, undefined);
  assert.equal(r.workspace.root, join(cwd, '.modulus'));
  assert.equal(parseRunArgs(['-h'], cwd), 'help');
});

test('every option, env files before -e, PORT from the environment when -p is not given', (t) => {
  const cwd = setup(t);
  writeFileSync(join(cwd, 'a.env'), 'A=from-file\nB=file\nPORT=9000\n');
  const r = parse(
    [
      '--docker',
      'my-app',
      '--env-file',
      'a.env',
      '-e',
      'A=from-flag',
      '--volume',
      'v',
      '--name',
      'web',
      '--image',
      'img',
      '--memory',
      '64m',
    ],
    cwd,
  );
  assert.equal(r.mode, 'docker');
  assert.equal(r.name, 'web');
  assert.equal(r.volume, join(cwd, 'v'));
  assert.equal(r.port, 9000);
  assert.deepEqual(r.env, [
    ['A', 'from-flag'],
    ['B', 'file'],
  ]);
  assert.equal(r.image, 'img');
  assert.equal(r.memory, '64m');
  assert.equal(parse(['my-app', '-p', '3000', '-e', 'PORT=3000'], cwd).port, 3000);
});

test('a missing env file is a RUN_ENV error naming it', (t) => {
  const cwd = setup(t);
  assert.throws(() => parseRunArgs(['my-app', '--env-file', 'none.env'], cwd), {
    code: 'RUN_ENV',
    message: /none\.env/,
  });
});
