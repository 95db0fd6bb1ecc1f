// Where the page finds the notifier's files ([modulus:notify] dir=, or the --dir of a `modulus notify`
// listener), and which
// of them it shows: the newest first, at most FEED_SIZE, unreadable ones and strangers left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { notificationName } from '../../../src/notify/writer.js';
import { newestNotifications, notificationsDir } from '../../../src/web/notification-feed.js';
import { tempDir } from '../../helpers/temp-dir.js';

async function configWith(t: Parameters<typeof tempDir>[0], body: string) {
  const dir = tempDir(t);
  const file = join(dir, 'supervisord.conf');
  writeFileSync(file, `[supervisord]\nlogfile=${dir}/sd.log\n${body}`);
  return loadConfig(file, { env: {}, hostname: 'h' });
}

test('the directory is [modulus:notify] dir= when the notifier runs inside the supervisor', async (t) => {
  const body = '[modulus:notify]\ndir=/mnt/notifications\n[program:web]\ncommand=/bin/true\n';
  assert.equal(notificationsDir(await configWith(t, body)), '/mnt/notifications');
});

test('the directory is the --dir of the notify listener, in either spelling', async (t) => {
  const listener = (command: string) =>
    `[eventlistener:notify]\ncommand=${command}\nevents=PROCESS_STATE\n[program:web]\ncommand=/bin/true\n`;
  assert.equal(
    notificationsDir(await configWith(t, listener('modulus notify --dir /mnt/notifications'))),
    '/mnt/notifications',
  );
  assert.equal(
    notificationsDir(await configWith(t, listener("/x/modulus.js notify --max-files 3 '--dir=/a b'"))),
    '/a b',
  );
  assert.equal(notificationsDir(await configWith(t, listener('/usr/bin/other --dir /x'))), null);
  assert.equal(
    notificationsDir(await configWith(t, '[program:notify]\ncommand=modulus notify --dir /x\n')),
    null,
  );
});

function record(i: number, program: string): string {
  return JSON.stringify({
    version: 1,
    type: 'crash',
    time: new Date(1_800_000_000_000 + i * 1000).toISOString(),
    hostname: 'h',
    supervisor: 'modulus',
    program,
    group: program,
    pid: i,
    exit: { code: 1, signal: null },
    expected: false,
    uptimeSeconds: 1,
    restarts: i,
    fromState: 'RUNNING',
    spawnError: null,
    output: { stdout: [], stderr: [] },
    memory: null,
    logLoss: null,
    coalesced: null,
    dropped: 0,
    unknown: [],
  });
}

test('the newest records come first, at most the count asked for', (t) => {
  const dir = tempDir(t);
  for (let i = 1; i <= 60; i++)
    writeFileSync(
      join(dir, notificationName(1_800_000_000_000 + i * 1000, i, 7, 'crash')),
      record(i, `p${i}`),
    );
  writeFileSync(join(dir, 'README'), 'not a notification');
  const newest = newestNotifications(dir, 50);
  assert.equal(newest.length, 50);
  assert.equal(newest[0]!.program, 'p60');
  assert.equal(newest[49]!.program, 'p11');
});

test('a planted link, a broken file and a missing directory are skipped, not fatal', (t) => {
  const dir = tempDir(t);
  const outside = join(tempDir(t), 'secret.json');
  writeFileSync(outside, record(9, 'secret'));
  symlinkSync(outside, join(dir, notificationName(1_800_000_009_000, 9, 7, 'crash')));
  writeFileSync(join(dir, notificationName(1_800_000_008_000, 8, 7, 'crash')), '{ half');
  mkdirSync(join(dir, notificationName(1_800_000_007_000, 7, 7, 'crash')));
  writeFileSync(join(dir, notificationName(1_800_000_001_000, 1, 7, 'crash')), record(1, 'ok'));
  assert.deepEqual(
    newestNotifications(dir).map((r) => r.program),
    ['ok'],
  );
  assert.deepEqual(newestNotifications(join(dir, 'missing')), []);
});
