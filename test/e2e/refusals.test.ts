// What a container refuses at once, with one clear message: a volume that is incomplete or owned
// wrongly, and a supervisor.conf that asks to run the app as someone other than mop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docker, dockerSuite, makeVolume, REPO, RUN_NODE } from '../helpers/docker.js';

const APP = join(REPO, 'test/fixtures/e2e-app');

/** Runs the image with no command in the foreground; the container must end by itself. */
async function runToEnd(volume: string) {
  const started = Date.now();
  const r = await docker(['run', '--rm', '--network', 'none', '-v', `${volume}:/mnt`, RUN_NODE], 60_000);
  return { ...r, seconds: (Date.now() - started) / 1000, output: r.stdout + r.stderr };
}

test('an incomplete, wrongly-owned volume is refused at once, naming every problem and the owner needed', async (t) => {
  if (!(await dockerSuite(t))) return;
  const volume = await makeVolume(t, { app: APP });
  rmSync(join(volume, 'notifications'), { recursive: true });
  rmSync(join(volume, 'supervisor.conf'));
  execFileSync('chown', ['0:0', join(volume, 'tmp')]);
  const r = await runToEnd(volume);
  assert.equal(r.code, 78, r.output);
  assert.ok(r.seconds < 20, `refusing took ${r.seconds} s`);
  assert.match(r.output, /notifications/);
  assert.match(r.output, /supervisor\.conf/);
  assert.match(r.output, /tmp[^\n]*(uid 441|mop)/);
  assert.match(r.output, /modulus volume init/);
  assert.doesNotMatch(r.output, /supervisord started/, 'the supervisor never started');
});

test('a supervisor.conf asking for user=root is refused with the file, line and key', async (t) => {
  if (!(await dockerSuite(t))) return;
  const volume = await makeVolume(t, { app: APP });
  const conf = join(volume, 'supervisor.conf');
  writeFileSync(conf, readFileSync(conf, 'utf8').replace(/^user=mop$/m, 'user=root'));
  const r = await runToEnd(volume);
  assert.notEqual(r.code, 0, r.output);
  assert.match(r.output, /\/mnt\/supervisor\.conf:\d+ \[program:app\] user: .*"root" is not allowed/);
});
