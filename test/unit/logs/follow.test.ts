import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { followLog, TRUNCATED_NOTICE } from '../../../src/logs/follow.js';
import { tempDir } from '../../helpers/temp-dir.js';

async function next(it: AsyncIterator<Buffer | string>): Promise<string> {
  const r = await it.next();
  assert.equal(r.done, false);
  return r.value.toString();
}

test('starts head bytes before the end, follows growth, truncation and rotation', async (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'app.log');
  writeFileSync(file, 'a'.repeat(100) + 'TAIL');
  const controller = new AbortController();
  const it = followLog(file, { head: 4, signal: controller.signal, pollMs: 5 })[Symbol.asyncIterator]();
  assert.equal(await next(it), 'TAIL');
  appendFileSync(file, 'more\n');
  assert.equal(await next(it), 'more\n');
  truncateSync(file, 0);
  assert.equal(await next(it), TRUNCATED_NOTICE);
  appendFileSync(file, 'after\n');
  assert.equal(await next(it), 'after\n');
  // Rotation: what reached the old file is sent before the new file is followed from its start.
  appendFileSync(file, 'last old\n');
  renameSync(file, `${file}.1`);
  writeFileSync(file, 'new file\n');
  let seen = '';
  while (!seen.includes('new file\n')) seen += await next(it);
  assert.equal(seen, 'last old\nnew file\n');
  controller.abort();
  assert.equal((await it.next()).done, true);
});

test('a short file is sent whole', async (t) => {
  const file = join(tempDir(t), 'short.log');
  writeFileSync(file, 'tiny\n');
  const controller = new AbortController();
  const it = followLog(file, { head: 1024, signal: controller.signal, pollMs: 5 })[Symbol.asyncIterator]();
  assert.equal(await next(it), 'tiny\n');
  controller.abort();
  await it.return?.();
});
