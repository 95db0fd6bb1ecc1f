import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, lstatSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeConfAtomically } from '../../../src/os/atomic-file.js';
import { tempDir } from '../../helpers/temp-dir.js';

const asRoot = process.getuid?.() === 0;

test('writes the file whole, leaving no temp file behind', (t) => {
  const dir = tempDir(t);
  const file = join(dir, 'supervisor.conf');
  writeConfAtomically(file, 'one\n');
  writeConfAtomically(file, 'two ✓\n');
  assert.equal(readFileSync(file, 'utf8'), 'two ✓\n');
  assert.deepEqual(readdirSync(dir), ['supervisor.conf']);
});

test(
  'as root: owned by root, in the group of its directory, mode 0640',
  { skip: !asRoot && 'needs root' },
  (t) => {
    const dir = tempDir(t);
    chownSync(dir, 0, 65534);
    const file = join(dir, 'supervisor.conf');
    writeConfAtomically(file, 'x\n');
    const st = lstatSync(file);
    assert.deepEqual([st.uid, st.gid, st.mode & 0o777], [0, 65534, 0o640]);
  },
);

test('a symlink at the target is replaced, not followed', (t) => {
  const dir = tempDir(t);
  const victim = join(dir, 'victim');
  writeFileSync(victim, 'untouched');
  const file = join(dir, 'supervisor.conf');
  symlinkSync(victim, file);
  writeConfAtomically(file, 'new\n');
  assert.equal(readFileSync(victim, 'utf8'), 'untouched');
  assert.equal(lstatSync(file).isFile(), true);
});

test('an unwritable place is a CONF_WRITE error naming it', (t) => {
  const missing = join(tempDir(t), 'no', 'such', 'supervisor.conf');
  assert.throws(() => writeConfAtomically(missing, 'x'), {
    code: 'CONF_WRITE',
    message: /no\/such\/supervisor\.conf/,
  });
});
