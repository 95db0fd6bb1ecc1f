import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDir } from '../../helpers/temp-dir.js';
import { makeTar, makeTarGz, paxBody, type TarEntry } from '../../fixtures/mirror/make-tar.js';
import { extractTarGz, inflateLimit } from '../../../src/node/tar-extract.js';

const isInvalid = (err: { code?: string }) => err.code === 'NODE_ARCHIVE_INVALID';

async function extract(t: Parameters<typeof tempDir>[0], entries: TarEntry[] | Buffer, strip = 0) {
  const dir = tempDir(t);
  const archive = join(dir, 'a.tar.gz');
  writeFileSync(archive, Buffer.isBuffer(entries) ? entries : makeTarGz(entries));
  const out = join(dir, 'out');
  mkdirSync(out);
  return { out, count: () => extractTarGz(archive, out, { strip }) };
}

test('files, modes, directories, symlinks and strip', async (t) => {
  const { out, count } = await extract(
    t,
    [
      { name: 'top/', type: '5' },
      { name: 'top/bin/node', body: '#!/bin/sh\n', mode: 0o4755 },
      { name: 'top/lib/x.js', body: 'x' },
      { name: 'top/bin/npm', type: '2', linkname: '../lib/x.js' },
      { name: 'top/lib/hard.js', type: '1', linkname: 'top/lib/x.js' },
    ],
    1,
  );
  assert.equal(await count(), 2);
  assert.equal(statSync(join(out, 'bin/node')).mode & 0o7777, 0o755); // setuid dropped
  assert.equal(readlinkSync(join(out, 'bin/npm')), '../lib/x.js');
  assert.equal(readFileSync(join(out, 'bin/npm'), 'utf8'), 'x');
  assert.equal(readFileSync(join(out, 'lib/hard.js'), 'utf8'), 'x');
});

test('pax and GNU long names, as real tars write them', async (t) => {
  const long = `top/${'d'.repeat(60)}/${'e'.repeat(60)}/file.txt`;
  const pax = await extract(
    t,
    [
      { name: 'top/PaxHeader', type: 'x', body: paxBody({ path: long }) },
      { name: 'top/short', body: 'pax' },
    ],
    1,
  );
  await pax.count();
  assert.equal(readFileSync(join(pax.out, long.slice(4)), 'utf8'), 'pax');

  const src = tempDir(t);
  mkdirSync(join(src, 'top', 'd'.repeat(60), 'e'.repeat(60)), { recursive: true });
  writeFileSync(join(src, long), 'gnu');
  for (const format of ['gnu', 'pax']) {
    const tarball = execFileSync('tar', [`--format=${format}`, '-C', src, '-cf', '-', 'top']);
    const real = await extract(t, gzipSync(tarball), 1);
    await real.count();
    assert.equal(readFileSync(join(real.out, long.slice(4)), 'utf8'), 'gnu', format);
  }
});

test('unsafe entries are refused', async (t) => {
  const cases: TarEntry[][] = [
    [{ name: 'top/../../evil', body: 'x' }],
    [{ name: '/etc/evil', body: 'x' }],
    [{ name: 'top/link', type: '2', linkname: '../../../etc' }],
    [{ name: 'top/link', type: '2', linkname: '/etc' }],
    [
      { name: 'top/link', type: '2', linkname: '.' },
      { name: 'top/link/x', body: 'through a symlink' },
    ],
    [{ name: 'top/hard', type: '1', linkname: '../outside' }],
  ];
  for (const entries of cases) {
    const { out, count } = await extract(t, entries, 1);
    await assert.rejects(count(), isInvalid, entries.map((e) => e.name).join(','));
    assert.equal(existsSync(join(out, '..', 'evil')), false);
  }
});

test('damage is an error: bad header checksum, truncated data, truncated gzip', async (t) => {
  const bad = await extract(t, [{ name: 'top/a', body: 'x', corruptChecksum: true }]);
  await assert.rejects(bad.count(), isInvalid);
  const tar = makeTar([{ name: 'top/a', body: Buffer.alloc(5000, 1) }]);
  const short = await extract(t, gzipSync(tar.subarray(0, 2048)));
  await assert.rejects(short.count(), isInvalid);
  const gz = makeTarGz([{ name: 'top/a', body: Buffer.alloc(100_000, 7) }]);
  const cut = await extract(t, gz.subarray(0, gz.length - 20));
  await assert.rejects(cut.count(), isInvalid);
});

/** Every path under `dir`, never following a symlink, leaving out the subtree `skip`. */
function walk(dir: string, rel: string, skip: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const path = join(rel, e.name);
    if (join(dir, path) === skip) continue;
    out.push(path);
    if (e.isDirectory()) out.push(...walk(dir, path, skip));
  }
  return out;
}

/**
 * A sandbox deep enough that `../../..` from the target still lands inside it, so an escape is seen:
 * every path in the sandbox outside the target, before and after, must be the same.
 */
function sandbox(t: Parameters<typeof tempDir>[0]) {
  const top = tempDir(t);
  const root = join(top, 'l1', 'l2', 'l3', 'l4', 'staging');
  mkdirSync(root, { recursive: true });
  const outside = (): string[] => walk(top, '', root).sort();
  const before = outside();
  const archive = join(top, 'a.tar.gz');
  return {
    root,
    run: (gz: Buffer, strip = 1) => {
      writeFileSync(archive, gz);
      return extractTarGz(archive, root, { strip });
    },
    assertNothingOutside: () => assert.deepEqual(outside(), [...before, 'a.tar.gz'].sort()),
  };
}

/** Extracting `entries` is refused, and nothing is written outside the target. */
async function refusedInPlace(t: Parameters<typeof tempDir>[0], entries: TarEntry[]): Promise<void> {
  const box = sandbox(t);
  await assert.rejects(box.run(makeTarGz(entries)), isInvalid);
  box.assertNothingOutside();
}

const CHAIN: TarEntry[] = [
  { name: 'top/a/b/', type: '5' },
  { name: 'top/a/b/up', type: '2', linkname: '../..' },
  { name: 'top/a/b/escape', type: '2', linkname: 'up/..' },
];

test('a hard link to an in-tree symlink cannot carry a write out of the target', async (t) => {
  await refusedInPlace(t, [
    { name: 'top/a/b/c/', type: '5' },
    { name: 'top/a/b/c/up', type: '2', linkname: '../../..' },
    { name: 'top/h', type: '1', linkname: 'top/a/b/c/up' },
    { name: 'top/h/PWNED', body: 'escaped' },
  ]);
});

test('chained symlinks, and a hard link to the last one, cannot write outside', async (t) => {
  await refusedInPlace(t, [
    ...CHAIN,
    { name: 'top/a/b/esc2', type: '1', linkname: 'top/a/b/escape' },
    { name: 'top/a/b/esc2/pwned', body: 'escaped' },
  ]);
  await refusedInPlace(t, [...CHAIN, { name: 'top/a/b/escape/pwned', body: 'escaped' }]);
});

// The old extractor walked every prefix of the path for symlinks: ~15 minutes on this one.
test('a 444,749-character path in a tiny gzip is refused at once', { timeout: 20_000 }, async (t) => {
  const box = sandbox(t);
  const path = `${'a/'.repeat(222_374)}f`;
  assert.equal(path.length, 444_749);
  const gz = makeTarGz([
    { name: 'top/PaxHeader', type: 'x', body: paxBody({ path }) },
    { name: 'top/short', body: 'x' },
  ]);
  assert.ok(gz.length < 2000, `${gz.length} bytes`);
  await assert.rejects(
    box.run(gz),
    (err: Error & { code?: string }) => isInvalid(err) && /deep/.test(err.message),
  );
  box.assertNothingOutside();
});

test('a valid archive without the end-of-archive blocks is accepted', async (t) => {
  const box = sandbox(t);
  const tar = makeTar([
    { name: 'top/bin/', type: '5' },
    { name: 'top/bin/node', body: '#!/bin/sh\n', mode: 0o755 },
  ]);
  assert.ok(tar.subarray(-1024).every((b) => b === 0));
  assert.equal(await box.run(gzipSync(tar.subarray(0, tar.length - 1024))), 1);
  assert.equal(readFileSync(join(box.root, 'bin/node'), 'utf8'), '#!/bin/sh\n');
});

test('a gzip bomb is refused once it inflates past the limit', async (t) => {
  const box = sandbox(t);
  const gz = makeTarGz([{ name: 'top/zeros', body: Buffer.alloc(64 << 20) }]);
  const limit = inflateLimit(gz.length);
  assert.ok(limit < 8 << 20, `limit ${limit} for ${gz.length} bytes`);
  await assert.rejects(
    box.run(gz),
    (err: Error & { code?: string }) => isInvalid(err) && /gzip bomb/.test(err.message),
  );
  assert.ok(statSync(join(box.root, 'zeros')).size <= limit);
  box.assertNothingOutside();
  // A second layer of gzip would be inflated by node-tar beyond our count: refused as such.
  const twice = sandbox(t);
  await assert.rejects(twice.run(gzipSync(makeTarGz([{ name: 'top/a', body: 'x' }]))), isInvalid);
});

test('the inflate limit: 32x the compressed size plus 1 MiB, never above 2 GiB', () => {
  assert.equal(inflateLimit(0), 1 << 20);
  assert.equal(inflateLimit(50e6), (1 << 20) + 32 * 50e6);
  assert.equal(inflateLimit(1e9), 2 * 1024 ** 3);
});
