import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
  assert.throws(() => findRun(ws), /no app is running here/);
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
