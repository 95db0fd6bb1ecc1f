import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { join } from 'node:path';
import { chownTree, copyApp, needsInstall } from '../../../src/host/app-copy.js';
import { tempDir } from '../../helpers/temp-dir.js';

function sampleApp(root: string): string {
  const app = join(root, 'app-src');
  mkdirSync(join(app, 'lib'), { recursive: true });
  mkdirSync(join(app, '.git', 'objects'), { recursive: true });
  mkdirSync(join(app, '.modulus', 'volumes'), { recursive: true });
  writeFileSync(join(app, 'server.js'), 'console.log(1)\n', { mode: 0o750 });
  writeFileSync(join(app, 'lib', 'x.js'), 'x\n');
  writeFileSync(join(app, '.git', 'HEAD'), 'ref\n');
  symlinkSync('lib/x.js', join(app, 'link.js'));
  symlinkSync('/etc/passwd', join(app, 'outside'));
  return app;
}

test('copies the app without .git and .modulus, keeping symlinks and modes, replacing what was there', (t) => {
  const root = tempDir(t);
  const app = sampleApp(root);
  const target = join(root, 'vol', 'app');
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'stale.js'), 'old\n');
  copyApp(app, target);
  assert.equal(readFileSync(join(target, 'server.js'), 'utf8'), 'console.log(1)\n');
  assert.equal(lstatSync(join(target, 'server.js')).mode & 0o777, 0o750);
  assert.equal(readFileSync(join(target, 'lib', 'x.js'), 'utf8'), 'x\n');
  assert.equal(readlinkSync(join(target, 'link.js')), 'lib/x.js');
  assert.equal(readlinkSync(join(target, 'outside')), '/etc/passwd', 'a symlink is copied as a symlink');
  for (const gone of ['.git', '.modulus', 'stale.js'])
    assert.equal(existsSync(join(target, gone)), false, gone);
});

test('a volume inside the app is refused unless it is under .modulus', (t) => {
  const root = tempDir(t);
  const app = sampleApp(root);
  mkdirSync(join(app, 'vol', 'app'), { recursive: true });
  assert.throws(() => copyApp(app, join(app, 'vol', 'app')), { code: 'RUN_APP_DIR' });
  const inside = join(app, '.modulus', 'volumes', 'x', 'app');
  mkdirSync(inside, { recursive: true });
  copyApp(app, inside);
  assert.ok(existsSync(join(inside, 'server.js')));
});

test('npm install is needed when package.json has dependencies and there is no node_modules', (t) => {
  const dir = tempDir(t);
  assert.equal(needsInstall(dir), false, 'no package.json');
  writeFileSync(join(dir, 'package.json'), '{"dependencies":{}}');
  assert.equal(needsInstall(dir), false);
  writeFileSync(join(dir, 'package.json'), '{"dependencies":{"express":"^4"}}');
  assert.equal(needsInstall(dir), true);
  mkdirSync(join(dir, 'node_modules'));
  assert.equal(needsInstall(dir), false);
  writeFileSync(join(dir, 'package.json'), '{ not json');
  assert.equal(needsInstall(dir), false, 'modulus start reports a bad package.json');
});

test('chownTree gives every entry, symlinks themselves included, to the user', (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to chown');
  const app = sampleApp(tempDir(t));
  chownTree(app, 65534, 65534);
  for (const p of ['', 'server.js', 'lib', 'lib/x.js', 'link.js', 'outside']) {
    const st = lstatSync(join(app, p));
    assert.deepEqual([st.uid, st.gid], [65534, 65534], p);
  }
  assert.equal(lstatSync('/etc/passwd').uid, 0, 'the target of a symlink is untouched');
});
