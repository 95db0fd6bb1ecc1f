// `modulus notifications DIR --follow` as the host runs it: shows what is there, then each new file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { NotificationWriter } from '../../../src/notify/writer.js';
import { sampleRecord } from '../../unit/notify/sample-record.js';

test('--follow prints new notifications as they are written and exits 0 on SIGTERM', async (t) => {
  const dir = tempDir(t);
  const writer = NotificationWriter.open(dir, { maxFiles: 100, maxBytes: 1 << 20 });
  t.after(() => writer.close());
  writer.write(sampleRecord({ program: 'first' }));
  const child = spawn(process.execPath, [MODULUS_BIN, 'notifications', dir, '--follow'], {
    env: scrubbedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await waitFor('the existing notification', () => out.includes('first'));
  writer.write(sampleRecord({ type: 'fatal', program: 'second' }));
  await waitFor('the new notification', () => out.includes('second'));
  const lines = out.trimEnd().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[1]!, /fatal +web:second/);
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.ok(fs.existsSync(dir));
});
