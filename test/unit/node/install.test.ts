import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { fakeNodeDist, makeTarGz, paxBody } from '../../fixtures/mirror/make-tar.js';
import { findInstalled, installVersion, listInstalled } from '../../../src/node/install.js';
import { nodeLayout } from '../../../src/node/layout.js';
import { mirrorFrom } from '../../../src/node/mirror.js';

const V = 'v22.1.0';
const TARBALL = fakeNodeDist(V);
const FILE = `node-${V}-linux-x64.tar.gz`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function fakeMirror(files: Record<string, string | Buffer>) {
  const calls: string[] = [];
  const fetch = async (url: string): Promise<Response> => {
    const path = new URL(url).pathname.replace(/^\/dist\//, '');
    calls.push(path);
    const body = files[path];
    return body === undefined
      ? new Response('no', { status: 404 })
      : new Response(typeof body === 'string' ? body : new Uint8Array(body));
  };
  return { fetch, calls };
}

function setup(t: Parameters<typeof tempDir>[0], sums: string, tarball: Buffer = TARBALL) {
  const mnt = tempDir(t);
  const layout = nodeLayout({ MODULUS_MNT: mnt, MODULUS_NODE_PREINSTALLED_DIR: join(mnt, 'image') });
  const { fetch, calls } = fakeMirror({ [`${V}/SHASUMS256.txt`]: sums, [`${V}/${FILE}`]: tarball });
  const lines: string[] = [];
  const options = {
    version: V,
    layout,
    mirror: mirrorFrom({ NODEJS_ORG_MIRROR: 'http://m.test/dist' }),
    fetch,
    platform: 'linux-x64',
    log: (l: string) => lines.push(l),
  };
  return { layout, options, calls, lines };
}

const leftovers = (root: string) =>
  existsSync(root) ? readdirSync(root).filter((n) => n.startsWith('.staging')) : [];

test('downloads, verifies, extracts and renames into the cache', async (t) => {
  const { layout, options, lines } = setup(t, `${'1'.repeat(64)}  other.tar.gz\n${sha(TARBALL)}  ${FILE}\n`);
  const installed = await installVersion(options);
  assert.deepEqual(installed, { dir: layout.cachedVersion(V), from: 'download' });
  assert.deepEqual(await findInstalled(layout, V), { dir: layout.cachedVersion(V), from: 'cache' });
  assert.deepEqual(await listInstalled(layout), [V]);
  assert.deepEqual(leftovers(layout.cacheRoot), []);
  assert.ok(lines.length >= 3 && lines.length <= 6, lines.join('\n'));
});

test('a checksum mismatch, a missing line or a malformed file installs nothing', async (t) => {
  const rows: [string, string][] = [
    [`${'0'.repeat(64)}  ${FILE}\n`, 'NODE_CHECKSUM_MISMATCH'],
    [`${'1'.repeat(64)}  other.tar.gz\n`, 'NODE_CHECKSUM_MISSING'],
    [`${sha(TARBALL).slice(2)}  ${FILE}\n`, 'NODE_SHASUMS_MALFORMED'],
  ];
  for (const [sums, code] of rows) {
    const { layout, options } = setup(t, sums);
    await assert.rejects(installVersion(options), (err: { code?: string }) => err.code === code);
    assert.equal(await findInstalled(layout, V), undefined);
    assert.deepEqual(leftovers(layout.cacheRoot), []);
  }
});

test('a truncated archive whose checksum matches is still refused', async (t) => {
  const cut = TARBALL.subarray(0, TARBALL.length - 30);
  const { layout, options } = setup(t, `${sha(cut)}  ${FILE}\n`, cut);
  await assert.rejects(
    installVersion(options),
    (err: { code?: string }) => err.code === 'NODE_ARCHIVE_INVALID',
  );
  assert.equal(await findInstalled(layout, V), undefined);
});

test('another start that finished first wins the rename; ours is dropped', async (t) => {
  const { layout, options, lines } = setup(t, `${sha(TARBALL)}  ${FILE}\n`);
  mkdirSync(join(layout.cachedVersion(V), 'bin'), { recursive: true });
  writeFileSync(join(layout.cachedVersion(V), 'bin', 'node'), 'theirs');
  chmodSync(join(layout.cachedVersion(V), 'bin', 'node'), 0o755);
  assert.equal((await installVersion(options)).dir, layout.cachedVersion(V));
  assert.match(lines.join('\n'), /installed by another start/);
  assert.deepEqual(leftovers(layout.cacheRoot), []);
});

test('the image’s versions are found before the cache', async (t) => {
  const { layout } = setup(t, '');
  mkdirSync(join(layout.preinstalledVersion(V), 'bin'), { recursive: true });
  writeFileSync(join(layout.preinstalledVersion(V), 'bin', 'node'), '');
  chmodSync(join(layout.preinstalledVersion(V), 'bin', 'node'), 0o755);
  assert.equal((await findInstalled(layout, V))?.from, 'image');
});

test('an unwritable cache fails with NODE_CACHE_UNWRITABLE before any download', async (t) => {
  const { layout, options, calls } = setup(t, `${sha(TARBALL)}  ${FILE}\n`);
  mkdirSync(join(layout.home), { recursive: true });
  writeFileSync(join(layout.home, '.modulus'), 'a file where a directory belongs');
  await assert.rejects(
    installVersion(options),
    (err: { code?: string }) => err.code === 'NODE_CACHE_UNWRITABLE',
  );
  assert.deepEqual(calls, []);
});

test('a hostile archive whose checksum matches leaves nothing behind, inside or outside the cache', async (t) => {
  const top = `node-${V}-linux-x64`;
  const hostile: Buffer[] = [
    makeTarGz([
      { name: `${top}/a/b/c/`, type: '5' },
      { name: `${top}/a/b/c/up`, type: '2', linkname: '../../..' },
      { name: `${top}/h`, type: '1', linkname: `${top}/a/b/c/up` },
      { name: `${top}/h/PWNED`, body: 'escaped' },
    ]),
    makeTarGz([
      { name: `${top}/PaxHeader`, type: 'x', body: paxBody({ path: `${'a/'.repeat(222_374)}f` }) },
      { name: `${top}/x`, body: 'x' },
    ]),
    makeTarGz([{ name: `${top}/zeros`, body: Buffer.alloc(16 << 20) }]),
  ];
  for (const tarball of hostile) {
    const { layout, options } = setup(t, `${sha(tarball)}  ${FILE}\n`, tarball);
    await assert.rejects(
      installVersion(options),
      (err: { code?: string }) => err.code === 'NODE_ARCHIVE_INVALID',
    );
    assert.equal(await findInstalled(layout, V), undefined);
    const everything = (readdirSync(layout.mnt, { recursive: true }) as string[]).sort();
    assert.deepEqual(everything, ['home', join('home', '.modulus'), join('home', '.modulus', 'node')]);
  }
});
