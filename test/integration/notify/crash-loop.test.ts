// A storm: a thousand crash events (as our supervisor sends them, extras included) fed to the real
// `modulus notify` process through the listener protocol, one event per READY as supervisord does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { eventEnvelope } from '../../../src/events/event-payload.js';
import { parseRecord, type NotificationRecord } from '../../../src/notify/record.js';
import { NOTIFICATION_NAME } from '../../../src/notify/writer.js';

const CRASHES = 1000;

async function feedCrashLoop(dir: string, args: string[]): Promise<void> {
  const child = spawn(process.execPath, [MODULUS_BIN, 'notify', '--dir', dir, ...args], {
    env: scrubbedEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let acks = 0;
  for (let i = 0; i < CRASHES; i++) {
    await waitFor(`READY number ${i + 1} (stderr: ${err})`, () => out.split('READY\n').length - 1 > i, {
      intervalMs: 1,
    });
    const payload =
      `processname:loop groupname:loop from_state:RUNNING expected:0 pid:${10_000 + i} ` +
      `restarts:${i} exitcode:1 uptime:0.003`;
    const envelope = eventEnvelope('PROCESS_STATE_EXITED', payload, {
      server: 'supervisor',
      serial: i + 1,
      pool: 'notify',
      poolSerial: i + 1,
    });
    child.stdin.write(envelope);
    acks = i + 1;
  }
  await waitFor('the last RESULT', () => out.split('RESULT 2\nOK').length - 1 === acks);
  child.stdin.end();
  assert.equal(await exited, 0, err);
}

function read(dir: string): { name: string; size: number; record: NotificationRecord }[] {
  return fs
    .readdirSync(dir)
    .filter((n) => NOTIFICATION_NAME.test(n))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      return { name, size: Buffer.byteLength(text), record: parseRecord(text)! };
    });
}

test('a crash loop of a thousand restarts stays within the count and size caps', async (t) => {
  const dir = tempDir(t);
  await feedCrashLoop(dir, ['--max-files', '20', '--max-bytes', '16KB', '--coalesce-secs', '0']);
  const files = read(dir);
  const total = files.reduce((s, f) => s + f.size, 0);
  assert.ok(files.length <= 20, `${files.length} files`);
  assert.ok(total <= 16 * 1024, `${total} bytes`);
  assert.equal(fs.readdirSync(dir).length, files.length, 'no temp files left behind');
  const last = files.at(-1)!.record;
  assert.equal(last.restarts, CRASHES - 1, 'the newest crash is kept');
  assert.ok(last.dropped >= 1, 'the next file says how many were dropped');
});

test('coalescing: a storm becomes a few files whose counts cover every crash', async (t) => {
  const dir = tempDir(t);
  await feedCrashLoop(dir, ['--coalesce-secs', '0.2']);
  const files = read(dir);
  const covered = files.reduce((s, f) => s + (f.record.coalesced?.count ?? 1), 0);
  assert.equal(covered, CRASHES);
  assert.ok(files.length < CRASHES / 10, `${files.length} files`);
  assert.ok(files.some((f) => (f.record.coalesced?.count ?? 0) > 1));
  assert.equal(files.at(-1)!.record.restarts, CRASHES - 1, 'the file shows the latest crash');
});
