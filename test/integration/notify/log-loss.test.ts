// Log loss on a real full filesystem (a small tmpfs) under our supervisor: the LogFile counts what
// it dropped, the supervisor publishes it as REMOTE_COMMUNICATION, and the notifier writes log-loss.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '../../helpers/wait-for.js';
import { startWithNotifier } from './notify-harness.js';

function mountTmpfs(t: TestContext): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modulus-notify-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmdirSync(dir);
    const message = `cannot mount a tmpfs (needs root and CAP_SYS_ADMIN): ${(err as Error).message.split('\n')[0]}`;
    if (process.env.CI) throw new Error(message);
    t.skip(message);
    return null;
  }
  t.after(() => {
    execFileSync('umount', ['-l', dir]);
    fs.rmdirSync(dir);
  });
  return dir;
}

for (const flavour of ['modulus', 'in-process'] as const) {
  test(`a full log filesystem gives a log-loss notification once output can be written again (${flavour})`, async (t) => {
    const disk = mountTmpfs(t);
    if (disk === null) return;
    const filler = path.join(disk, 'filler');
    fs.writeFileSync(filler, Buffer.alloc(240 * 1024));
    const h = await startWithNotifier(
      t,
      `[program:chatty]
command=sh -c 'i=0; while true; do i=$((i+1)); echo "line $i of some output that fills the disk"; sleep 0.005; done'
stdout_logfile=${disk}/app.log
stdout_logfile_maxbytes=0
`,
      { flavour, events: 'PROCESS_STATE,REMOTE_COMMUNICATION' },
    );
    // Let the disk fill and output be lost, then make room so the writer reports how much.
    // A full statfs is not yet a refused write: wait until the writer has seen ENOSPC.
    await waitFor('the writer to see ENOSPC', () => /cannot write .*ENOSPC/.test(h.mainLog()), {
      timeoutMs: 20_000,
    });
    fs.rmSync(filler);
    const record = await h.waitForRecord('a log-loss record', (r) => r.type === 'log-loss', 30_000);
    assert.equal(record.program, 'chatty');
    assert.equal(record.logLoss?.path, `${disk}/app.log`);
    assert.equal(record.logLoss?.error, 'ENOSPC');
    assert.ok((record.logLoss?.bytes ?? 0) > 0);
  });
}
