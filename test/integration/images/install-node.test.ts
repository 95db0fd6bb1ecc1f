// images/run-base/install-node.sh, the images' build-time Node.js installer, run on the host against
// the local mirror: which release each spec picks, the SHA-256 check, and what --runtime-only and
// --with-headers keep.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildMirror, FIXTURE_VERSIONS } from '../../fixtures/mirror/build-mirror.js';
import { serveMirror, type MirrorVariant } from '../../fixtures/mirror/serve-mirror.js';
import { requirePaths } from '../../helpers/require-tool.js';
import { tempDir } from '../../helpers/temp-dir.js';

const SCRIPT = fileURLToPath(new URL('../../../../images/run-base/install-node.sh', import.meta.url));
const [NEWEST_LTS, OLDER] = FIXTURE_VERSIONS.map((v) => v.version) as [string, string];

async function install(t: TestContext, variant: MirrorVariant, args: string[]) {
  const mirror = await serveMirror(buildMirror());
  t.after(() => mirror.close());
  const root = join(tempDir(t), 'node');
  return new Promise<{ code: number; stdout: string; stderr: string; root: string }>((resolve) => {
    execFile(
      'sh',
      [SCRIPT, args[0]!, root, ...args.slice(1)],
      { env: { PATH: process.env.PATH, NODEJS_ORG_MIRROR: mirror.url(variant) } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr, root }),
    );
  });
}

function needsTools(t: TestContext): boolean {
  return requirePaths(
    t,
    ['/usr/bin/curl', '/usr/bin/jq', '/usr/bin/sha256sum'],
    'apt-get install curl jq coreutils',
  );
}

test('lts picks the newest LTS release, a major its newest release, v-X.Y.Z that one; compact or spaced index', async (t) => {
  if (!needsTools(t)) return;
  for (const [spec, want, variant] of [
    ['lts', NEWEST_LTS, 'good'],
    [OLDER.slice(1).split('.')[0]!, OLDER, 'good'],
    [OLDER, OLDER, 'good'],
    ['lts', NEWEST_LTS, 'spaced-index'],
    [OLDER.slice(1).split('.')[0]!, OLDER, 'spaced-index'],
    [OLDER, OLDER, 'spaced-index'],
  ] as const) {
    const r = await install(t, variant, [spec]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), want, `spec ${spec}, ${variant}`);
    assert.ok(existsSync(join(r.root, want, 'bin', 'node')));
    assert.ok(existsSync(join(r.root, want, 'bin', 'npm')), 'npm stays for apps');
  }
});

test('--runtime-only keeps node alone', async (t) => {
  if (!needsTools(t)) return;
  const r = await install(t, 'good', ['lts', '--runtime-only']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(join(r.root, NEWEST_LTS, 'bin')), ['node']);
  assert.ok(!existsSync(join(r.root, NEWEST_LTS, 'lib')));
});

test('the headers stay only with --with-headers (the build image), never in a plain install', async (t) => {
  if (!needsTools(t)) return;
  const plain = await install(t, 'good', ['lts']);
  assert.equal(plain.code, 0, plain.stderr);
  assert.ok(!existsSync(join(plain.root, NEWEST_LTS, 'include')));
  const full = await install(t, 'good', ['lts', '--with-headers']);
  assert.equal(full.code, 0, full.stderr);
  assert.ok(existsSync(join(full.root, NEWEST_LTS, 'include', 'node', 'node.h')));
  assert.ok(existsSync(join(full.root, NEWEST_LTS, 'bin', 'npm')));
});

test('a tarball that does not match SHASUMS256.txt, or has no line there, installs nothing', async (t) => {
  if (!needsTools(t)) return;
  for (const [variant, message] of [
    ['wrong-checksum', /does not match its SHA-256/],
    ['missing-line', /has no line for node-v22\.23\.5-linux-x64\.tar\.gz/],
  ] as const) {
    const r = await install(t, variant, ['lts']);
    assert.equal(r.code, 1, `${variant}: ${r.stdout}`);
    assert.match(r.stderr, message);
    assert.ok(!existsSync(r.root), `${variant}: nothing installed`);
  }
});

test('a spec no release matches is refused by name', async (t) => {
  if (!needsTools(t)) return;
  const r = await install(t, 'good', ['19']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no release for "19" on linux-x64/);
});
