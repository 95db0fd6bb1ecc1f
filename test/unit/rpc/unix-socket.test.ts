// Socket-file placement: mode before the first connection, stale and foreign files, cleanup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { listenUnixSocket } from '../../../src/rpc/unix-socket.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('the file appears with its mode, the staging directory is gone, release unlinks it', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'x.sock');
  const server = createServer();
  const release = await listenUnixSocket(server, { file, mode: 0o600, owner: null });
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dir), ['x.sock']);
  await new Promise((resolve) => server.close(resolve));
  await release();
  assert.equal(existsSync(file), false);
});

test('release leaves a file that is no longer ours', async (t) => {
  const file = join(tempDir(t), 'y.sock');
  const first = createServer();
  const release = await listenUnixSocket(first, { file, mode: 0o700, owner: null });
  await new Promise((resolve) => first.close(resolve));
  const second = createServer();
  const releaseSecond = await listenUnixSocket(second, { file, mode: 0o700, owner: null });
  await release();
  assert.ok(existsSync(file), 'the first owner must not unlink the second server socket');
  await new Promise((resolve) => second.close(resolve));
  await releaseSecond();
});

test('a missing directory is a clear error', async (t) => {
  const file = join(tempDir(t), 'missing', 'z.sock');
  await assert.rejects(listenUnixSocket(createServer(), { file, mode: 0o700, owner: null }), {
    code: 'RPC_SOCKET_FAILED',
  });
});
