// Real children writing through real pipes into rotating logs: byte-exact output across rotations,
// and a disk slower than the child that loses nothing because the child is made to wait.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { LogFile, type WriteIo } from '../../../src/logs/log-file.js';
import { capturePipe } from '../../../src/logs/pipe-capture.js';
import { TailBuffer } from '../../../src/logs/tail-buffer.js';

/** Numbered lines, so a lost, doubled or reordered line changes the bytes. */
const GENERATOR = ['seq', '-f', 'line %012.0f of the byte-exact capture test', '1'];

function generated(count: number): Buffer {
  const out = spawnSync(GENERATOR[0] as string, [...GENERATOR.slice(1), String(count)], {
    maxBuffer: 1 << 30,
  });
  return out.stdout;
}

function rotatedFiles(log: string, backups: number): Buffer[] {
  const files: Buffer[] = [];
  for (let i = backups; i >= 1; i--)
    if (fs.existsSync(`${log}.${i}`)) files.push(fs.readFileSync(`${log}.${i}`));
  files.push(fs.readFileSync(log));
  return files;
}

test('50 MB of lines from a child, rotated at 4 MB: the files concatenate to the exact output', async (t) => {
  const count = 1_100_000; // 46 bytes a line: about 50 MB
  const maxbytes = 4 * 1024 * 1024;
  const backups = 20;
  const log = path.join(tempDir(t), 'app.log');
  const file = LogFile.open(log, { maxbytes, backups });
  const tail = new TailBuffer({ maxLines: 2 });
  const child = spawn(GENERATOR[0] as string, [...GENERATOR.slice(1), String(count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const capture = capturePipe(child.stdout, file, { tee: (c) => tail.push(c) });
  await capture.done;
  await file.close();

  const expected = generated(count);
  const files = rotatedFiles(log, backups);
  assert.ok(files.length > 10, `${files.length} files`);
  assert.equal(Buffer.concat(files).equals(expected), true, 'concatenated logs equal the child output');
  for (const f of files.slice(0, -1)) {
    assert.equal(f[f.length - 1], 0x0a, 'every rotated file ends a line');
    // Past maxbytes only to finish the line that crossed it.
    assert.ok(
      f.length <= maxbytes || f.indexOf(0x0a, maxbytes - 1) === f.length - 1,
      `file of ${f.length} bytes`,
    );
  }
  assert.equal(file.bytesLost, 0);
  assert.equal(file.rotations, files.length - 1);
  assert.deepEqual(tail.lines(), [
    `line ${String(count - 1).padStart(12, '0')} of the byte-exact capture test`,
    `line ${String(count).padStart(12, '0')} of the byte-exact capture test`,
  ]);
});

/** A child that writes numbered lines as fast as its stdout takes them, in 1 MiB writes. */
const FAST_WRITER = `
const total = Number(process.argv[1]);
let i = 0;
function more() {
  while (i < total) {
    let block = '';
    for (const end = Math.min(total, i + 20000); i < end; i++) block += 'fast line ' + i + '\\n';
    if (!process.stdout.write(block)) return process.stdout.once('drain', more);
  }
}
more();
`;

function fastLines(count: number): Buffer {
  let text = '';
  for (let i = 0; i < count; i++) text += `fast line ${i}\n`;
  return Buffer.from(text);
}

test('a disk slower than the child: the pipe is paused, memory stays bounded, nothing is dropped', async (t) => {
  const count = 400_000; // about 7 MB
  const log = path.join(tempDir(t), 'app.log');
  const hwm = 256 * 1024;
  // Each writev waits 3 ms and takes at most 32 KiB: about 10 MB/s, far slower than the child.
  const io: WriteIo = {
    writev: (fd, buffers) =>
      new Promise((resolve, reject) =>
        setTimeout(() => {
          const first = Buffer.concat(buffers).subarray(0, 32 * 1024);
          fs.write(fd, first, (err, n) => (err ? reject(err) : resolve(n)));
        }, 3),
      ),
  };
  const file = LogFile.open(log, { maxbytes: 1024 * 1024, backups: 50, highWaterMark: hwm, io });
  let maxPending = 0;
  let drains = 0;
  const child = spawn(process.execPath, ['-e', FAST_WRITER, String(count)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const capture = capturePipe(child.stdout, file, {
    tee: () => (maxPending = Math.max(maxPending, file.stats().pending)),
  });
  file.on('drain', () => drains++);
  await capture.done;
  await file.close();
  assert.ok(drains > 0, 'the writer made the capture wait for drain');
  assert.ok(maxPending <= hwm + 128 * 1024, `pending peaked at ${maxPending} bytes`);
  assert.equal(Buffer.concat(rotatedFiles(log, 50)).equals(fastLines(count)), true);
  assert.equal(file.bytesLost, 0);
});
