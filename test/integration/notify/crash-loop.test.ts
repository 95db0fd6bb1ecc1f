// A storm: a thousand crash events (as our supervisor sends them, extras included) fed to the real
// `modulus notify` process through the listener protocol, one event per READY as supervisord does,
// and the same events published on an event bus to the notifier inside the supervisor: both keep to
// the caps and coalesce alike, and without coalescing they write the same records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { EventBus } from '../../../src/events/event-bus.js';
import { eventEnvelope, eventPayload, type SupervisorEvent } from '../../../src/events/event-payload.js';
import { startInProcessNotifier } from '../../../src/notify/in-process.js';
import { parseRecord, type NotificationRecord } from '../../../src/notify/record.js';
import { NOTIFICATION_NAME } from '../../../src/notify/writer.js';

const CRASHES = 1000;

/** The i-th crash as our supervisor publishes it; its payload is what feedCrashLoop sends. */
function crash(i: number): SupervisorEvent & { type: 'PROCESS_STATE_EXITED' } {
  return {
    type: 'PROCESS_STATE_EXITED',
    process: { name: 'loop', group: 'loop' },
    fromState: 'RUNNING',
    expected: false,
    pid: 10_000 + i,
    extras: { restarts: i, exitcode: 1, uptime: 0.003 },
  };
}

interface Settings {
  readonly maxFiles?: number;
  readonly maxBytes?: number;
  readonly coalesceSecs: number;
}

function flags(s: Settings): string[] {
  return [
    ...(s.maxFiles === undefined ? [] : ['--max-files', String(s.maxFiles)]),
    ...(s.maxBytes === undefined ? [] : ['--max-bytes', String(s.maxBytes)]),
    '--coalesce-secs',
    String(s.coalesceSecs),
  ];
}

/** The same storm on an event bus, one event per turn of the loop, to the in-process notifier. */
async function publishCrashLoop(dir: string, s: Settings): Promise<void> {
  const bus = new EventBus();
  const notifier = startInProcessNotifier(bus, {
    config: {
      dir,
      maxFiles: s.maxFiles ?? 1000,
      maxBytes: s.maxBytes ?? 10 << 20,
      coalesceSecs: s.coalesceSecs,
    },
    rpc: null,
    log: () => {},
  });
  for (let i = 0; i < CRASHES; i++) {
    bus.publish(crash(i));
    await new Promise((resolve) => setImmediate(resolve));
  }
  await notifier.close();
}

const FEEDERS = {
  listener: (dir: string, s: Settings) => feedCrashLoop(dir, flags(s)),
  'in-process': publishCrashLoop,
} as const;

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
    assert.equal(eventPayload(crash(i)), payload);
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

for (const [how, feed] of Object.entries(FEEDERS)) {
  test(`a crash loop of a thousand restarts stays within the count and size caps (${how})`, async (t) => {
    const dir = tempDir(t);
    await feed(dir, { maxFiles: 20, maxBytes: 16 * 1024, coalesceSecs: 0 });
    const files = read(dir);
    const total = files.reduce((s, f) => s + f.size, 0);
    assert.ok(files.length <= 20, `${files.length} files`);
    assert.ok(total <= 16 * 1024, `${total} bytes`);
    assert.equal(fs.readdirSync(dir).length, files.length, 'no temp files left behind');
    const last = files.at(-1)!.record;
    assert.equal(last.restarts, CRASHES - 1, 'the newest crash is kept');
    assert.ok(last.dropped >= 1, 'the next file says how many were dropped');
  });

  test(`coalescing: a storm becomes a few files whose counts cover every crash (${how})`, async (t) => {
    const dir = tempDir(t);
    await feed(dir, { coalesceSecs: 0.2 });
    const files = read(dir);
    const covered = files.reduce((s, f) => s + (f.record.coalesced?.count ?? 1), 0);
    assert.equal(covered, CRASHES);
    assert.ok(files.length < CRASHES / 10, `${files.length} files`);
    assert.ok(files.some((f) => (f.record.coalesced?.count ?? 0) > 1));
    assert.equal(files.at(-1)!.record.restarts, CRASHES - 1, 'the file shows the latest crash');
  });
}

test('the listener and the in-process notifier write the same records for the same storm', async (t) => {
  const settings = { maxFiles: 20, maxBytes: 16 * 1024, coalesceSecs: 0 };
  const listener = tempDir(t);
  const inside = tempDir(t);
  await FEEDERS.listener(listener, settings);
  await FEEDERS['in-process'](inside, settings);
  // Only the moment each was written differs.
  const records = (dir: string) => read(dir).map((f) => ({ ...f.record, time: '-' }));
  assert.deepEqual(records(inside), records(listener));
});
