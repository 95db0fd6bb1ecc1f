import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { loadIndex, parseIndex } from '../../../src/node/node-index.js';
import { mirrorFrom } from '../../../src/node/mirror.js';

const BODY = JSON.stringify([
  { version: 'v22.1.0', date: '2024-05-01', files: ['linux-x64'], lts: false, npm: '10' },
]);

function counting(body: string | Error) {
  const calls: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    calls.push(url);
    if (body instanceof Error) throw body;
    return new Response(body);
  };
  return { fetch, calls };
}

test('parseIndex keeps the fields resolution reads and refuses non-arrays', () => {
  assert.deepEqual(parseIndex(BODY, 'i'), [
    { version: 'v22.1.0', date: '2024-05-01', files: ['linux-x64'], lts: false },
  ]);
  assert.throws(
    () => parseIndex('{}', 'i'),
    (err: { code?: string }) => err.code === 'NODE_INDEX_UNAVAILABLE',
  );
  assert.throws(
    () => parseIndex('<html>', 'i'),
    (err: { code?: string }) => err.code === 'NODE_INDEX_UNAVAILABLE',
  );
});

test('fetches once, then serves the cache until the TTL passes', async (t) => {
  const cacheFile = join(tempDir(t), 'node', 'index.json');
  const mirror = mirrorFrom({ NODEJS_ORG_MIRROR: 'http://mirror.test/dist' });
  const { fetch, calls } = counting(BODY);
  const base = { fetch, mirror, cacheFile, ttlMs: 1000, log: () => undefined };
  assert.equal((await loadIndex({ ...base, now: 10_000 })).from, 'network');
  assert.equal((await loadIndex({ ...base, now: 10_500 })).from, 'cache');
  assert.equal((await loadIndex({ ...base, now: 11_500 })).from, 'network');
  assert.deepEqual(calls, ['http://mirror.test/dist/index.json', 'http://mirror.test/dist/index.json']);
  assert.equal(JSON.parse(readFileSync(cacheFile, 'utf8')).mirror, 'http://mirror.test/dist');
});

test('offline: a stale cache is used, else no index; a different mirror ignores the cache', async (t) => {
  const dir = tempDir(t);
  const cacheFile = join(dir, 'index.json');
  const mirror = mirrorFrom({ NODEJS_ORG_MIRROR: 'http://mirror.test/dist' });
  const lines: string[] = [];
  const down = counting(new TypeError('fetch failed'));
  const none = await loadIndex({ fetch: down.fetch, mirror, cacheFile, now: 0, log: (l) => lines.push(l) });
  assert.deepEqual(none, { entries: undefined, from: 'none' });
  writeFileSync(
    cacheFile,
    JSON.stringify({ mirror: 'http://mirror.test/dist', fetchedAt: 0, entries: parseIndex(BODY, 'i') }),
  );
  const stale = await loadIndex({
    fetch: down.fetch,
    mirror,
    cacheFile,
    now: 1e10,
    log: (l) => lines.push(l),
  });
  assert.equal(stale.from, 'stale cache');
  assert.equal(stale.entries?.[0]?.version, 'v22.1.0');
  const other = mirrorFrom({ NODEJS_ORG_MIRROR: 'http://other.test/dist' });
  assert.equal(
    (await loadIndex({ fetch: down.fetch, mirror: other, cacheFile, now: 1, log: () => undefined })).from,
    'none',
  );
  assert.match(lines.join('\n'), /cannot reach http:\/\/mirror\.test\/dist\/index\.json/);
});
