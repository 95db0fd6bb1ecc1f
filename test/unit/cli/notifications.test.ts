import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { recordJson } from '../../../src/notify/record.js';
import { sampleRecord } from '../notify/sample-record.js';

test('one line each, newest last; --json prints the records', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(
    path.join(dir, '20261129T140001.000Z-000002-7.oom.json'),
    recordJson(sampleRecord({ type: 'oom' })),
  );
  fs.writeFileSync(path.join(dir, '20261129T140000.000Z-000001-7.crash.json'), recordJson(sampleRecord()));
  const r = await runCli(['notifications', dir]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /crash +web \(pid 42\) exit 3/);
  assert.match(lines[1]!, /oom +web/);
  const json = await runCli(['notifications', '--json', dir]);
  assert.deepEqual(
    json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).type),
    ['crash', 'oom'],
  );
});

test('a missing directory and bad usage are errors', async (t) => {
  const missing = await runCli(['notifications', path.join(tempDir(t), 'none')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no notifications directory/);
  assert.equal((await runCli(['notifications', 'a', 'b'])).code, 2);
  // Without DIR: the notifications of the app `modulus run` started in this directory.
  const none = await runCli(['notifications'], { cwd: tempDir(t) });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no app is running here/);
});
