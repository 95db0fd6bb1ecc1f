import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { NOTIFICATION_NAME, NotificationWriter, notificationName } from '../../../src/notify/writer.js';
import { parseRecord } from '../../../src/notify/record.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';
import { sampleRecord } from './sample-record.js';

function ours(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => NOTIFICATION_NAME.test(n))
    .sort();
}

test('names sort by time and carry sequence, pid and type', () => {
  const rows: [number, number, string][] = [
    [Date.UTC(2026, 10, 29, 14, 3, 39, 123), 1, '20261129T140339.123Z-000001-77.crash.json'],
    [Date.UTC(2026, 0, 2, 3, 4, 5, 6), 1234567, '20260102T030405.006Z-1234567-77.crash.json'],
  ];
  for (const [time, seq, expected] of rows) {
    const name = notificationName(time, seq, 77, 'crash');
    assert.equal(name, expected);
    assert.match(name, NOTIFICATION_NAME);
  }
});

test('each write makes one complete file, mode 0644, with no temp file left', (t) => {
  const dir = tempDir(t);
  let now = Date.UTC(2026, 10, 29);
  const w = NotificationWriter.open(dir, { maxFiles: 10, maxBytes: 1 << 20, clock: () => now });
  t.after(() => w.close());
  const names = [w.write(sampleRecord()), w.write(sampleRecord({ type: 'oom' }))];
  now -= 1000; // a clock that steps back must not make names sort out of order
  names.push(w.write(sampleRecord({ type: 'fatal' })));
  assert.deepEqual(ours(dir), names);
  assert.deepEqual(fs.readdirSync(dir).sort(), names);
  for (const name of names) {
    assert.equal(fs.statSync(path.join(dir, name)).mode & 0o777, 0o644);
    assert.ok(parseRecord(fs.readFileSync(path.join(dir, name), 'utf8')));
  }
  assert.match(names[1]!, /\.oom\.json$/);
});

test('the count cap drops the oldest first and the next file says how many', (t) => {
  const dir = tempDir(t);
  const w = NotificationWriter.open(dir, { maxFiles: 3, maxBytes: 1 << 20 });
  t.after(() => w.close());
  const names = Array.from({ length: 5 }, (_, i) => w.write(sampleRecord({ pid: i + 1 })));
  assert.deepEqual(ours(dir), names.slice(2));
  const last = parseRecord(fs.readFileSync(path.join(dir, names[4]!), 'utf8'))!;
  assert.equal(last.dropped, 1);
  assert.equal(parseRecord(fs.readFileSync(path.join(dir, names[3]!), 'utf8'))!.dropped, 1);
});

test('the size cap holds, and files that are not ours are left alone', (t) => {
  const dir = tempDir(t);
  fs.writeFileSync(path.join(dir, 'README'), 'x'.repeat(10_000));
  const w = NotificationWriter.open(dir, { maxFiles: 1000, maxBytes: 4000 });
  t.after(() => w.close());
  for (let i = 0; i < 20; i++) w.write(sampleRecord({ pid: i + 1 }));
  const total = ours(dir).reduce((s, n) => s + fs.statSync(path.join(dir, n)).size, 0);
  assert.ok(total <= 4000, `total ${total}`);
  assert.ok(ours(dir).length >= 2);
  assert.ok(fs.existsSync(path.join(dir, 'README')));
});

test('a planted symlink at the next name is skipped, never written through or replaced', (t) => {
  const root = tempDir(t);
  const dir = path.join(root, 'notifications');
  fs.mkdirSync(dir);
  const secret = path.join(root, 'secret');
  fs.writeFileSync(secret, 'root only\n');
  const now = Date.UTC(2026, 10, 29);
  // The writer's first file would be sequence 1; plant links at every name it could pick this millisecond.
  for (let seq = 1; seq <= 3; seq++)
    fs.symlinkSync(secret, path.join(dir, notificationName(now, seq, process.pid, 'crash')));
  const w = NotificationWriter.open(dir, { maxFiles: 100, maxBytes: 1 << 20, clock: () => now });
  t.after(() => w.close());
  const name = w.write(sampleRecord());
  assert.equal(fs.readFileSync(secret, 'utf8'), 'root only\n');
  assert.ok(fs.lstatSync(path.join(dir, name)).isFile());
  for (const n of fs.readdirSync(dir)) {
    if (n !== name) assert.ok(fs.lstatSync(path.join(dir, n)).isSymbolicLink(), n);
  }
});

test('a directory that is a symlink is refused', (t) => {
  const root = tempDir(t);
  fs.mkdirSync(path.join(root, 'real'));
  fs.symlinkSync(path.join(root, 'real'), path.join(root, 'link'));
  assert.throws(
    () => NotificationWriter.open(path.join(root, 'link'), { maxFiles: 1, maxBytes: 1 }),
    (err) => isModulusError(err) && err.code === 'NOTIFY_DIR',
  );
});

test('stale temp files from a writer that died are removed at start', (t) => {
  const dir = tempDir(t);
  const stale = path.join(dir, '.tmp-1-1.json');
  fs.writeFileSync(stale, '{');
  const old = new Date(Date.now() - 3_600_000);
  fs.utimesSync(stale, old, old);
  fs.writeFileSync(path.join(dir, '.tmp-2-1.json'), '{');
  const w = NotificationWriter.open(dir, { maxFiles: 1, maxBytes: 1 << 20 });
  w.close();
  assert.deepEqual(fs.readdirSync(dir), ['.tmp-2-1.json']);
});

test('the line sink gets each record as one JSON line, the same as its file, even when the file fails', (t) => {
  const dir = tempDir(t);
  const lines: string[] = [];
  const w = NotificationWriter.open(dir, { maxFiles: 1, maxBytes: 1 << 20, lineSink: (l) => lines.push(l) });
  t.after(() => w.close());
  const first = fs.readFileSync(path.join(dir, w.write(sampleRecord({ type: 'oom' }))), 'utf8');
  w.write(sampleRecord());
  assert.equal(lines.length, 2);
  for (const line of lines) {
    assert.ok(line.endsWith('\n'));
    assert.equal(line.indexOf('\n'), line.length - 1, 'one line');
  }
  assert.deepEqual(JSON.parse(lines[0]!), JSON.parse(first));
  assert.equal((JSON.parse(lines[1]!) as { dropped: number }).dropped, 1);

  // A directory removed under the writer takes no file; the line still goes out.
  const gone = path.join(dir, 'gone');
  fs.mkdirSync(gone);
  const orphan = NotificationWriter.open(gone, {
    maxFiles: 10,
    maxBytes: 1 << 20,
    lineSink: (l) => lines.push(l),
  });
  t.after(() => orphan.close());
  fs.rmdirSync(gone);
  assert.throws(
    () => orphan.write(sampleRecord({ type: 'fatal' })),
    (err) => isModulusError(err),
  );
  assert.equal((JSON.parse(lines[2]!) as { type: string }).type, 'fatal');
});

test('a sink that throws does not stop the file', (t) => {
  const dir = tempDir(t);
  const w = NotificationWriter.open(dir, {
    maxFiles: 10,
    maxBytes: 1 << 20,
    lineSink: () => {
      throw new Error('EPIPE');
    },
  });
  t.after(() => w.close());
  assert.match(w.write(sampleRecord()), NOTIFICATION_NAME);
});
