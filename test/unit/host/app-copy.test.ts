import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkApart, chownTree } from '../../../src/host/app-copy.js';
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

test('a volume inside the app is refused unless it is under .modulus; an app inside it too', (t) => {
  const root = tempDir(t);
  const app = sampleApp(root);
  assert.throws(() => checkApart(app, join(app, 'vol', 'app')), { code: 'RUN_APP_DIR' });
  checkApart(app, join(app, '.modulus', 'volumes', 'x', 'app'));
  assert.throws(() => checkApart(join(root, 'vol', 'app', 'src'), join(root, 'vol', 'app')), {
    code: 'RUN_APP_DIR',
  });
  checkApart(app, join(root, 'vol', 'app'));
});

test('chownTree gives every entry, symlinks themselves included, to the user', (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to chown');
  const app = sampleApp(tempDir(t));
  assert.ok(chownTree(app, 65534, 65534) > 0);
  assert.equal(chownTree(app, 65534, 65534), 0, 'what is owned already is left alone');
  for (const p of ['', 'server.js', 'lib', 'lib/x.js', 'link.js', 'outside']) {
    const st = lstatSync(join(app, p));
    assert.deepEqual([st.uid, st.gid], [65534, 65534], p);
  }
  assert.equal(lstatSync('/etc/passwd').uid, 0, 'the target of a symlink is untouched');
});
