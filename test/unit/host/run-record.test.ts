import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import {
  activeRun,
  endRun,
  findRun,
  parseRunRecord,
  saveRun,
  type RunRecord,
} from '../../../src/host/run-record.js';
import { workspace } from '../../../src/host/workspace.js';
import { tempDir } from '../../helpers/temp-dir.js';

const LOCAL: RunRecord = { name: 'web', mode: 'local', volume: '/v', runDir: '/r', port: 8080, pid: 1234 };
const DOCKER: RunRecord = {
  name: 'api',
  mode: 'docker',
  volume: '/v2',
  container: 'modulus-api',
  port: 80,
  pid: 99,
};

test('records read back as written; malformed ones are RUN_RECORD errors naming the file', () => {
  assert.deepEqual(parseRunRecord(JSON.stringify(LOCAL), 'f'), LOCAL);
  assert.deepEqual(parseRunRecord(JSON.stringify(DOCKER), 'f'), DOCKER);
  const bad = [
    'nope',
    '{}',
    JSON.stringify({ ...LOCAL, mode: 'k8s' }),
    JSON.stringify({ ...LOCAL, port: '80' }),
  ];
  for (const text of bad)
    assert.throws(() => parseRunRecord(text, '/x/runs/web.json'), { code: 'RUN_RECORD' }, text);
  assert.throws(() => parseRunRecord(JSON.stringify({ ...DOCKER, container: '' }), 'f'), /"container"/);
});

test('save makes the run current; ending it removes only the current pointer it owns', (t) => {
  const ws = workspace(tempDir(t));
  assert.throws(() => findRun(ws), { code: 'RUN_NOT_FOUND' });
  saveRun(ws, LOCAL);
  assert.deepEqual(findRun(ws), LOCAL);
  assert.deepEqual(findRun(ws, 'web'), LOCAL);
  saveRun(ws, DOCKER);
  assert.deepEqual(findRun(ws), DOCKER);
  endRun(ws, 'web', LOCAL.pid); // not current any more: the current one stays
  assert.deepEqual(findRun(ws), DOCKER);
  endRun(ws, 'api', DOCKER.pid);
  assert.equal(existsSync(ws.current), false);
  utimesSync(ws.record('web'), 1, 1);
  assert.deepEqual(findRun(ws), DOCKER, 'none going: the latest run, for its logs');
  assert.deepEqual(findRun(ws, 'api'), DOCKER, 'the named record stays for logs');
  assert.throws(() => findRun(ws, 'other'), /no run named "other"/);
});

test('a run counts as active only while its modulus run process lives', (t) => {
  const ws = workspace(tempDir(t));
  assert.equal(activeRun(ws, 'web'), undefined);
  // A pid that no process has (above the kernel's pid_max).
  saveRun(ws, { ...LOCAL, pid: 2 ** 22 + 1 });
  assert.equal(activeRun(ws, 'web'), undefined);
  // Our own pid is the run being started, not another one.
  saveRun(ws, { ...LOCAL, pid: process.pid });
  assert.equal(activeRun(ws, 'web'), undefined);
  mkdirSync(ws.root, { recursive: true });
  writeFileSync(ws.record('web'), 'damaged');
  assert.equal(activeRun(ws, 'web'), undefined);
});

test('two runs going from one directory: without --name the choice is refused, naming both', async (t) => {
  const ws = workspace(tempDir(t));
  // Stand-ins for two live `modulus run` processes (their command lines hold "run").
  const runs = [0, 1].map(() => spawn('sh', ['-c', 'sleep 60', 'run'], { stdio: 'ignore' }));
  t.after(() => runs.forEach((c) => c.kill('SIGKILL')));
  await Promise.all(runs.map((c) => new Promise((r) => c.once('spawn', r))));
  saveRun(ws, { ...LOCAL, pid: runs[0]!.pid! });
  assert.equal(findRun(ws).name, 'web', 'one going: that one');
  saveRun(ws, { ...DOCKER, pid: runs[1]!.pid! });
  assert.throws(() => findRun(ws), {
    code: 'RUN_AMBIGUOUS',
    message: /2 runs are going from this directory: api \(port 80\), web \(port 8080\)/,
  });
  assert.equal(findRun(ws, 'api').name, 'api');
  endRun(ws, 'api', runs[1]!.pid!);
  runs[1]!.kill('SIGKILL');
  await new Promise((r) => runs[1]!.once('exit', r));
  assert.equal(findRun(ws).name, 'web', 'the newer one stopped: the other one still going is chosen');
});
