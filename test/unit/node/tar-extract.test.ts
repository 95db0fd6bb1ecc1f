import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readlinkSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDir } from '../../helpers/temp-dir.js';
import { makeTar, makeTarGz, paxBody, type TarEntry } from '../../fixtures/mirror/make-tar.js';
import { extractTarGz } from '../../../src/node/tar-extract.js';

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
