// Includes on a real filesystem: globs, paths relative to the including file, %(here)s per file,
// a glob that matches nothing (a warning) and an included file that cannot be read (an error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../../src/config/load.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';
import { tempDir } from '../../helpers/temp-dir.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/configs/', import.meta.url));
const LOAD = fileURLToPath(new URL('../../../src/config/load.js', import.meta.url));

test('globs expand in sorted order, relative to the including file, with %(here)s per file', async (t) => {
  const root = join(FIXTURES, 'include-globs');
  const config = await loadConfig(join(root, 'supervisord.conf'), { cwd: tempDir(t), env: {} });
  assert.deepEqual(config.files, [
    join(root, 'supervisord.conf'),
    join(root, 'conf.d/10-web.conf'),
    join(root, 'conf.d/20-worker.conf'),
    join(root, 'extra/here.conf'),
  ]);
  assert.equal(config.supervisord.logfile, join(root, 'supervisord.log'));
  const [group] = config.groups;
  assert.equal(config.groups.length, 1);
  assert.deepEqual([group?.name, group?.priority], ['apps', 1]);
  assert.deepEqual(
    group?.processes.map((p) => [p.name, p.command, p.directory, p.stdout.logfile]),
    [
      ['web', `node ${join(root, 'conf.d')}/../app.js`, join(root, 'conf.d'), 'AUTO'],
      ['worker', `${join(root, 'conf.d')}/worker.sh`, null, join(root, 'conf.d/worker.log')],
    ],
  );
  assert.deepEqual(
    group?.processes.map((p) => p.origin),
    [
      { file: join(root, 'conf.d/10-web.conf'), line: 1 },
      { file: join(root, 'conf.d/20-worker.conf'), line: 1 },
    ],
  );
  assert.match(
    config.warnings.map((w) => w.message).join('\n'),
    /supervisord\.conf:8 \[include\] files: no file matches ".*missing\/\*\.conf"/,
  );
});

test('an error inside an included file names that file and line', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'main.conf'), '[supervisord]\n[include]\nfiles=*.ini\n');
  writeFileSync(join(dir, 'a.ini'), '[program:a]\ncommand=a\nstartsecs=soon\n');
  await assert.rejects(loadConfig(join(dir, 'main.conf')), (err) => {
    assert.ok(isModulusError(err));
    assert.equal(err.code, 'CONFIG_VALUE');
    assert.ok(err.message.startsWith(`${join(dir, 'a.ini')}:3 [program:a] startsecs:`), err.message);
    return true;
  });
});

test('an unreadable included file is a CONFIG_INCLUDE error at the files= line', (t) => {
  const dir = tempDir(t);
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'main.conf'), '[supervisord]\n\n[include]\nfiles=secret.conf\n', { mode: 0o644 });
  writeFileSync(join(dir, 'secret.conf'), '[program:s]\ncommand=s\n', { mode: 0o000 });
  // Root reads any file, so the check runs in a child without privileges when we are root.
  const script =
    `import(${JSON.stringify(LOAD)}).then((m) => m.loadConfig(${JSON.stringify(join(dir, 'main.conf'))}))` +
    `.then(() => console.log('loaded'), (e) => console.log(JSON.stringify({ code: e.code, message: e.message })));`;
  const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: dir,
    ...asUser,
  });
  assert.equal(child.status, 0, child.stderr);
  const result = JSON.parse(child.stdout) as { code: string; message: string };
  assert.equal(result.code, 'CONFIG_INCLUDE');
  assert.ok(result.message.startsWith(`${join(dir, 'main.conf')}:4 [include] files:`), result.message);
  assert.match(result.message, /EACCES/);
});
