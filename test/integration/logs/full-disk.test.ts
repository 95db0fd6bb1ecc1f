// A real full filesystem (a 1 MiB tmpfs): output is dropped and counted, the app is never blocked,
// and once space is back the log says exactly how many bytes it lost and when.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../../helpers/wait-for.js';
import { LogFile } from '../../../src/logs/log-file.js';
import type { LossRecord } from '../../../src/logs/loss-notice.js';

/** Mounts a 1 MiB tmpfs, or returns the reason it could not. */
function smallDisk(t: TestContext): string | { skip: string } {
  // Not tempDir(): its removal would run before the unmount. A lazy unmount works even while
  // a test that failed midway still holds a file open there.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modulus-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmdirSync(dir);
    return {
      skip: `cannot mount a tmpfs (needs root and CAP_SYS_ADMIN): ${(err as Error).message.split('\n')[0]}`,
    };
  }
  t.after(() => {
    execFileSync('umount', ['-l', dir]);
    fs.rmdirSync(dir);
  });
  return dir;
}

test('ENOSPC: bytes are counted lost, writes keep being accepted, and recovery writes a loss line', async (t) => {
  const disk = smallDisk(t);
  if (typeof disk !== 'string') {
    if (process.env.CI) assert.fail(disk.skip);
    t.skip(`SKIPPED (no tmpfs): ${disk.skip}`);
    return;
  }
  const filler = path.join(disk, 'filler');
  fs.writeFileSync(filler, Buffer.alloc(768 * 1024));
  const log = LogFile.open(path.join(disk, 'app.log'), { maxbytes: 0, backups: 0, probeIntervalMs: 20 });
  t.after(() => log.close());
  const losses: LossRecord[] = [];
  log.on('loss', (l: LossRecord) => losses.push(l));
  log.on('warning', () => {});

  const line = (i: number): string => `line ${String(i).padStart(8, '0')} of output that will not all fit\n`;
  const input: string[] = [];
  let paused = 0;
  for (let i = 0; i < 20_000; i++) {
    input.push(line(i));
    if (!log.write(Buffer.from(line(i)))) {
      paused++;
      await new Promise((resolve) => log.once('drain', resolve));
    }
  }
  await log.flush();
  const total = input.join('').length;
  assert.equal(log.stats().state, 'failing');
  assert.ok(log.bytesLost > 0, 'some bytes were lost');
  assert.equal(log.bytesWritten + log.bytesLost, total, 'every byte is either written or counted lost');

  fs.unlinkSync(filler);
  log.write(Buffer.from('after recovery\n'));
  await waitFor('the writer to recover', () => log.stats().state === 'idle');
  await log.close();

  const text = fs.readFileSync(path.join(disk, 'app.log'), 'utf8');
  const notice =
    /\n?\[modulus\] lost (\d+) bytes of output between (\S+) and (\S+): ENOSPC \(no space left on device\)\n/.exec(
      text,
    );
  assert.ok(notice, `no loss line in the log:\n${text.slice(-300)}`);
  assert.equal(Number(notice[1]), log.bytesLost);
  assert.ok(
    input.join('').startsWith(text.slice(0, notice.index)),
    'what was written is the start of the output, in order',
  );
  assert.ok(text.endsWith('after recovery\n'));
  assert.equal(losses.length, 1);
  assert.equal(losses[0]?.bytes, log.bytesLost);
  assert.equal(losses[0]?.error, 'ENOSPC');
  assert.ok(paused >= 0);
});
