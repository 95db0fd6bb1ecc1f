import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { formatJson, formatLine, listNotifications, watchNotifications } from '../../../src/notify/follow.js';
import { recordJson } from '../../../src/notify/record.js';
import { sampleRecord } from './sample-record.js';

const A = '20261129T140000.000Z-000001-7.crash.json';
const B = '20261129T140001.000Z-000002-7.oom.json';

test('lists our files oldest first, marks unreadable ones, ignores other names and symlinks content', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, B), recordJson(sampleRecord({ type: 'oom' })));
  fs.writeFileSync(path.join(dir, A), recordJson(sampleRecord()));
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
  fs.writeFileSync(path.join(dir, '.tmp-1-1-ab.json'), '{');
  fs.symlinkSync('/etc/passwd', path.join(dir, '20261129T140002.000Z-000003-7.crash.json'));
  const listed = listNotifications(dir);
  assert.deepEqual(
    listed.map((l) => [l.name.slice(0, 20), l.record?.type ?? null]),
    [
      [A.slice(0, 20), 'crash'],
      [B.slice(0, 20), 'oom'],
      ['20261129T140002.000Z', null],
    ],
  );
  assert.deepEqual(listNotifications(dir, A).length, 2);
});

test('one readable line per record', () => {
  const rows: [Parameters<typeof sampleRecord>[0], RegExp][] = [
    [
      {},
      /^2026-11-29T14:08:44\.344Z {2}crash {8}web \(pid 42\) exit 3, up 1\.2s, 4 restarts — last: "boom"$/,
    ],
    [
      { type: 'oom', exit: { code: null, signal: 'SIGKILL' }, group: 'app' },
      /oom {10}app:web \(pid 42\) killed by SIGKILL, .*limit 512\.0MiB, peak 1000B/,
    ],
    [{ coalesced: { count: 12, first: 'T', last: 'U' }, dropped: 3 }, /×12 since T, 3 older dropped/],
    [
      {
        type: 'log-loss',
        program: null,
        output: { stdout: null, stderr: null },
        logLoss: { path: '/l', bytes: 5, since: '', until: '', error: 'ENOSPC', message: '' },
      },
      /log-loss {5}supervisor .*lost 5 bytes of \/l \(ENOSPC\)$/,
    ],
  ];
  for (const [over, pattern] of rows)
    assert.match(formatLine({ name: A, record: sampleRecord(over) }), pattern);
  assert.equal(formatLine({ name: A, record: null }), `${A}  (unreadable)`);
  assert.deepEqual(JSON.parse(formatJson({ name: A, record: sampleRecord() })), sampleRecord());
});

test('following yields new files as they appear and stops on abort', async (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, A), recordJson(sampleRecord()));
  const controller = new AbortController();
  const seen: string[] = [];
  for await (const item of watchNotifications(dir, { follow: true, signal: controller.signal, pollMs: 10 })) {
    seen.push(item.name);
    if (seen.length === 1) fs.writeFileSync(path.join(dir, B), recordJson(sampleRecord()));
    else controller.abort();
  }
  assert.deepEqual(seen, [A, B]);
});
