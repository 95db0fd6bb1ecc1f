// PipePool makes real pipes (FIFOs opened at both ends and unlinked) and spawnChild gives them to a
// child; where mkfifo cannot run, the pool says why and spawnChild falls back to Node's socketpair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  closeSync,
  fstatSync,
  mkdirSync,
  readdirSync,
  readSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PipePool, privateParent } from '../../../src/os/pipe-pool.js';
import { spawnChild } from '../../../src/os/process.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

function collect(stream: Readable): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
    stream.on('close', () => resolve(text));
  });
}

test('take() gives a fresh pipe: one FIFO inode, bytes written come out, no name left on disk', async (t) => {
  const dir = tempDir(t);
  const pool = new PipePool({ dir, spare: 2 });
  t.after(() => pool.close());
  const a = await pool.take();
  const b = await pool.take();
  assert.ok(a && b);
  const [ra, wa] = [fstatSync(a.read), fstatSync(a.write)];
  assert.ok(ra.isFIFO());
  assert.equal(ra.ino, wa.ino);
  assert.notEqual(ra.ino, fstatSync(b.read).ino, 'each take is its own pipe');
  writeSync(a.write, 'through the pipe\n');
  const buf = Buffer.alloc(64);
  assert.equal(buf.subarray(0, readSync(a.read, buf)).toString(), 'through the pipe\n');
  for (const fd of [a.read, a.write, b.read, b.write]) closeSync(fd);
  await waitFor('the batch directories to be removed', () => readdirSync(dir).length === 0 || undefined);
});

test('many takes at once are all answered, from as few mkfifo runs as it takes', async (t) => {
  const pool = new PipePool({ dir: tempDir(t), spare: 4 });
  t.after(() => pool.close());
  const pipes = await Promise.all(Array.from({ length: 50 }, () => pool.take()));
  const inodes = new Set(pipes.map((p) => fstatSync(p!.read).ino));
  assert.equal(inodes.size, 50);
  for (const p of pipes) for (const fd of [p!.read, p!.write]) closeSync(fd);
});

test('without mkfifo the pool answers null and says why, and spawnChild uses a socketpair', async (t) => {
  const pool = new PipePool({ dir: tempDir(t), mkfifo: '/nonexistent/mkfifo' });
  const told: string[] = [];
  pool.onUnavailable = (reason) => told.push(reason);
  assert.equal(await pool.take(), null);
  assert.match(pool.unavailable ?? '', /mkfifo: .*ENOENT/);
  assert.equal(await pool.take(), null);
  assert.deepEqual(told, [pool.unavailable], 'told once, with the reason');
  const child = await spawnChild(
    { file: '/bin/sh', argv: ['sh', '-c', 'stat -L -c %F /proc/self/fd/1; echo err >&2'], env: {} },
    pool,
  );
  const [out, err] = [collect(child.stdout), collect(child.stderr!)];
  await child.exited;
  assert.equal(await out, 'socket\n');
  assert.equal(await err, 'err\n');
});

test('spawnChild gives stdout and stderr each a pipe, and redirect_stderr one pipe for both', async (t) => {
  const pool = new PipePool({ dir: tempDir(t) });
  t.after(() => pool.close());
  const script = 'stat -L -c "%F %i" /proc/self/fd/1 /proc/self/fd/2';
  const split = await spawnChild(
    { file: '/bin/sh', argv: ['sh', '-c', `${script}; ${script} >&2`], env: {} },
    pool,
  );
  const [out, err] = [collect(split.stdout), collect(split.stderr!)];
  await split.exited;
  const [o1, o2] = (await out).trim().split('\n');
  assert.match(o1!, /^fifo \d+$/);
  assert.notEqual(o1, o2, 'stdout and stderr are two pipes');
  assert.equal(await err, `${o2}\n${o2}\n`, 'the same stat with fd 1 on the stderr pipe');

  const both = await spawnChild(
    { file: '/bin/sh', argv: ['sh', '-c', script], env: {}, redirectStderr: true },
    pool,
  );
  assert.equal(both.stderr, null);
  const text = collect(both.stdout);
  await both.exited;
  const [b1, b2] = (await text).trim().split('\n');
  assert.match(b1!, /^fifo \d+$/);
  assert.equal(b1, b2, 'one pipe on fd 1 and fd 2');
});

test('pipes are made only where no other user can swap them: not in a directory the app user can write', (t) => {
  const root = tempDir(t);
  const open = join(root, 'open');
  const sticky = join(root, 'sticky');
  const mine = join(root, 'mine');
  const theirs = join(root, 'theirs');
  for (const d of [open, sticky, mine, theirs]) mkdirSync(d);
  chmodSync(open, 0o777);
  chmodSync(sticky, 0o1777);
  chmodSync(mine, 0o755);
  chownSync(theirs, 441, 444);
  assert.equal(privateParent([open, theirs, mine]), mine);
  assert.equal(privateParent([open, sticky]), sticky);
  assert.equal(privateParent([open, theirs, join(root, 'missing')]), null);
});

test('takeNow() answers without waiting: undefined before the first batch, then a ready pipe', async (t) => {
  const pool = new PipePool({ dir: tempDir(t), spare: 4 });
  t.after(() => pool.close());
  assert.equal(pool.takeNow(), undefined, 'nothing is ready yet; the call starts a batch');
  const first = await pool.take();
  const now = await waitFor('a spare pipe', () => pool.takeNow());
  assert.ok(first && fstatSync(now.read).isFIFO());
  for (const p of [first, now]) for (const fd of [p.read, p.write]) closeSync(fd);
});
