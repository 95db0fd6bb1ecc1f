import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { LogFile, type LogWarning, type WriteIo } from '../../../src/logs/log-file.js';
import type { LossRecord } from '../../../src/logs/loss-notice.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const realWritev = (fd: number, buffers: Buffer[]): Promise<number> =>
  new Promise((resolve, reject) => fs.writev(fd, buffers, (err, n) => (err ? reject(err) : resolve(n))));

function read(file: string): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

function lines(prefix: string, count: number, width = 10): string {
  return Array.from(
    { length: count },
    (_, i) => `${prefix}${String(i).padStart(width - prefix.length - 1, '0')}\n`,
  ).join('');
}

test('appends to a new file created with mode 0644 and counts bytes', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const log = LogFile.open(file, { maxbytes: 0, backups: 0 });
  assert.equal(log.write(Buffer.from('hello\n')), true);
  log.write(Buffer.from('world\n'));
  await log.close();
  assert.equal(read(file), 'hello\nworld\n');
  assert.equal(fs.statSync(file).mode & 0o777, 0o644);
  assert.equal(log.bytesWritten, 12);
  assert.equal(log.stats().state, 'closed');
});

test('appends to an existing file and honours mode, uid and gid', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  fs.writeFileSync(file, 'old\n');
  const log = LogFile.open(file, { maxbytes: 0, backups: 0, uid: 65534, gid: 65534 });
  log.write(Buffer.from('new\n'));
  await log.close();
  assert.equal(read(file), 'old\nnew\n');
  assert.equal(fs.statSync(file).uid, 65534);
  const fresh = path.join(path.dirname(file), 'fresh.log');
  await LogFile.open(fresh, { maxbytes: 0, backups: 0, mode: 0o600 }).close();
  assert.equal(fs.statSync(fresh).mode & 0o777, 0o600);
});

test('rotates before the write that would cross maxbytes, at line boundaries, keeping N backups', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const log = LogFile.open(file, { maxbytes: 30, backups: 2 });
  for (const l of lines('L', 12).match(/.*\n/g) ?? []) log.write(Buffer.from(l));
  await log.close();
  // 12 lines of 10 bytes, 3 per file: app.log.3 would hold the first 3 but only 2 backups are kept.
  assert.equal(read(`${file}.2`), lines('L', 12).slice(30, 60));
  assert.equal(read(`${file}.1`), lines('L', 12).slice(60, 90));
  assert.equal(read(file), lines('L', 12).slice(90));
  assert.equal(fs.existsSync(`${file}.3`), false);
  assert.equal(log.rotations, 3);
});

test('a chunk spanning the limit is cut at its last line boundary that fits', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const log = LogFile.open(file, { maxbytes: 25, backups: 3 });
  log.write(Buffer.from(lines('A', 5)));
  await log.close();
  assert.deepEqual(
    [read(`${file}.2`), read(`${file}.1`), read(file)],
    [lines('A', 5).slice(0, 20), lines('A', 5).slice(20, 40), lines('A', 5).slice(40)],
  );
});

test('backups=0 starts the file afresh instead of keeping it', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const log = LogFile.open(file, { maxbytes: 20, backups: 0 });
  log.write(Buffer.from(lines('B', 5)));
  await log.close();
  assert.equal(read(file), lines('B', 5).slice(40));
  assert.equal(fs.existsSync(`${file}.1`), false);
});

test('maxbytes=0 never rotates', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const log = LogFile.open(file, { maxbytes: 0, backups: 5 });
  log.write(Buffer.from(lines('C', 1000)));
  await log.close();
  assert.equal(read(file).length, 10_000);
  assert.equal(log.rotations, 0);
});

test('a line longer than maxbytes is split; a line already started is finished first', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const log = LogFile.open(file, { maxbytes: 10, backups: 5 });
  log.write(Buffer.from('abcdef'));
  log.write(Buffer.from('gh\n'));
  log.write(Buffer.from('0123456789ABCDE\n'));
  await log.close();
  assert.deepEqual(
    [read(`${file}.2`), read(`${file}.1`), read(file)],
    ['abcdefgh\n', '0123456789', 'ABCDE\n'],
  );
});

test('timestamps prefix every line with ISO-8601 UTC, across chunks', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const clock = (): Date => new Date('2026-11-29T13:20:18.123Z');
  const log = LogFile.open(file, { maxbytes: 0, backups: 0, timestamps: true, clock });
  log.write(Buffer.from('hel'));
  log.write(Buffer.from('lo\nworld\n'));
  await log.close();
  assert.equal(read(file), '2026-11-29T13:20:18.123Z hello\n2026-11-29T13:20:18.123Z world\n');
});

test('rotate(), reopen() and clear() follow supervisord', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'app.log');
  const log = LogFile.open(file, { maxbytes: 0, backups: 3 });
  log.write(Buffer.from('one\n'));
  log.rotate();
  log.write(Buffer.from('two\n'));
  await log.flush();
  assert.deepEqual([read(`${file}.1`), read(file)], ['one\n', 'two\n']);
  // An external logrotate moved the file away; after reopen the path is written again.
  fs.renameSync(file, path.join(dir, 'moved.log'));
  log.reopen();
  log.write(Buffer.from('three\n'));
  await log.flush();
  assert.equal(read(path.join(dir, 'moved.log')), 'two\n');
  assert.equal(read(file), 'three\n');
  // clearProcessLogs removes the live file and starts afresh; backups stay.
  log.clear();
  log.write(Buffer.from('four\n'));
  await log.close();
  assert.deepEqual([read(`${file}.1`), read(file)], ['one\n', 'four\n']);
});

test('write() returns false above the high-water mark and emits drain once below it', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const gates: Array<() => void> = [];
  const io: WriteIo = {
    writev: (fd, b) => new Promise<void>((r) => gates.push(r)).then(() => realWritev(fd, b)),
  };
  const log = LogFile.open(file, { maxbytes: 0, backups: 0, highWaterMark: 100, io });
  let drains = 0;
  log.on('drain', () => drains++);
  assert.equal(log.write(Buffer.alloc(60, 'a')), true);
  assert.equal(log.write(Buffer.alloc(60, 'b')), false);
  assert.equal(log.write(Buffer.alloc(10, 'c')), false);
  await waitFor('the first write to start', () => gates.length === 1);
  gates.shift()?.();
  await waitFor('the second batch to start', () => gates.length === 1);
  assert.equal(drains, 1, '70 bytes pending is below the mark of 100');
  gates.shift()?.();
  const closed = log.close();
  await closed;
  assert.equal(read(file), 'a'.repeat(60) + 'b'.repeat(60) + 'c'.repeat(10));
  assert.equal(drains, 1);
});

test('what write() queues is a copy: the caller may reuse its buffer at once', async (t) => {
  // The supervisor reads every pipe into one shared buffer, so a queued chunk must not be a view of it.
  const file = path.join(tempDir(t), 'app.log');
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const io: WriteIo = {
    writev: (fd, b) => released.then(() => realWritev(fd, b)),
    // A partial write first, so the rest of the chunk is queued.
    writeNow: (fd, data) => fs.writeSync(fd, data, 0, 3),
  };
  const log = LogFile.open(file, { maxbytes: 0, backups: 0, io });
  const shared = Buffer.from('first\n');
  log.write(shared);
  shared.write('secnd\n');
  log.write(shared);
  shared.fill('y');
  release();
  await log.close();
  assert.equal(read(file), 'first\nsecnd\n');
});

test('a failing disk drops and counts bytes, then writes a loss line and emits loss when it recovers', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  let full = false;
  const io: WriteIo = {
    writev: (fd, b) =>
      full
        ? Promise.reject(
            Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
          )
        : realWritev(fd, b),
  };
  let now = Date.parse('2026-11-29T13:20:00.000Z');
  const clock = (): Date => new Date((now += 1000));
  const log = LogFile.open(file, { maxbytes: 0, backups: 0, io, clock, probeIntervalMs: 10_000 });
  const losses: LossRecord[] = [];
  const warnings: LogWarning[] = [];
  log.on('loss', (l: LossRecord) => losses.push(l));
  log.on('warning', (w: LogWarning) => warnings.push(w));
  log.write(Buffer.from('before\n'));
  await log.flush();
  full = true;
  log.write(Buffer.from('lost one\n'));
  await waitFor('the writer to fail', () => log.stats().state === 'failing');
  assert.equal(log.write(Buffer.from('lost two\n')), true, 'a failing writer never asks to pause');
  await log.flush();
  assert.equal(log.bytesLost, 18);
  full = false;
  log.write(Buffer.from('after\n'));
  await log.close();
  const text = read(file);
  assert.match(text, /^before\n\[modulus\] lost 18 bytes of output between 2026-11-29T13:20:0\dZ? ?/);
  assert.match(text, /: ENOSPC \(no space left on device\)\nafter\n$/);
  assert.equal(losses.length, 1);
  assert.equal(losses[0]?.bytes, 18);
  assert.equal(losses[0]?.error, 'ENOSPC');
  assert.equal(losses[0]?.path, file);
  assert.ok((losses[0]?.since.getTime() ?? 0) < (losses[0]?.until.getTime() ?? 0));
  assert.equal(warnings.length, 1);
});

test('close() reports a loss the log could not record', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const io: WriteIo = {
    writev: () => Promise.reject(Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' })),
  };
  const log = LogFile.open(file, { maxbytes: 0, backups: 0, io, probeIntervalMs: 10_000 });
  const losses: LossRecord[] = [];
  log.on('loss', (l: LossRecord) => losses.push(l));
  log.on('warning', () => {});
  log.write(Buffer.from('gone\n'));
  await log.close();
  assert.equal(losses.length, 1);
  assert.equal(losses[0]?.bytes, 5);
  assert.equal(losses[0]?.error, 'EIO');
});

test('partial writes are finished', async (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const io: WriteIo = { writev: (fd, b) => realWritev(fd, [b[0]?.subarray(0, 3) ?? Buffer.alloc(0)]) };
  const log = LogFile.open(file, { maxbytes: 0, backups: 0, io });
  log.write(Buffer.from('abcdefgh\n'));
  log.write(Buffer.from('ij\n'));
  await log.close();
  assert.equal(read(file), 'abcdefgh\nij\n');
});

test('open() refuses a missing directory with LOG_OPEN_FAILED and a symlinked one with LOG_UNSAFE_PATH', (t) => {
  const dir = tempDir(t);
  assert.throws(
    () => LogFile.open(path.join(dir, 'nope', 'app.log'), { maxbytes: 0, backups: 0 }),
    (err) => isModulusError(err) && err.code === 'LOG_OPEN_FAILED' && err.message.includes('nope'),
  );
  fs.mkdirSync(path.join(dir, 'real'));
  fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
  assert.throws(
    () => LogFile.open(path.join(dir, 'link', 'app.log'), { maxbytes: 0, backups: 0 }),
    (err) => isModulusError(err) && err.code === 'LOG_UNSAFE_PATH',
  );
});

test('/dev/stdout is written through fd 1 and never rotated', async () => {
  const log = LogFile.open('/dev/stdout', { maxbytes: 1, backups: 1 });
  log.write(Buffer.from(''));
  await log.close();
  assert.equal(log.rotations, 0);
});
