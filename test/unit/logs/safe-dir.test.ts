import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { SafeDir } from '../../../src/logs/safe-dir.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const OPTS = { mode: 0o644 };

function hostileDir(t: Parameters<typeof tempDir>[0]): { root: string; dir: string; outside: string } {
  const root = tempDir(t);
  const dir = path.join(root, 'log');
  fs.mkdirSync(dir);
  fs.chownSync(dir, 65534, 65534); // writable by nobody: an app user's directory
  const outside = path.join(root, 'secret');
  fs.writeFileSync(outside, 'do not touch\n');
  return { root, dir, outside };
}

test('a directory we alone can write is trusted; one the app user owns is not', (t) => {
  const { root, dir } = hostileDir(t);
  const mine = SafeDir.open(root);
  const theirs = SafeDir.open(dir);
  t.after(() => (mine.close(), theirs.close()));
  assert.equal(mine.trusted, true);
  assert.equal(theirs.trusted, false);
});

test('entry() refuses names that leave the directory', (t) => {
  const d = SafeDir.open(tempDir(t));
  t.after(() => d.close());
  for (const bad of ['', '.', '..', 'a/b', '../x']) {
    assert.throws(
      () => d.entry(bad),
      (err) => isModulusError(err) && err.code === 'LOG_UNSAFE_PATH',
      bad,
    );
  }
  assert.equal(d.entry('app.log'), `/proc/self/fd/${d.fd}/app.log`);
});

test('openAppend creates a file with the exact mode and reports it created', (t) => {
  const root = tempDir(t);
  const d = SafeDir.open(root);
  t.after(() => d.close());
  const old = process.umask(0o077);
  try {
    const e = d.openAppend('app.log', OPTS, () => assert.fail('no warning expected'));
    fs.closeSync(e.fd);
    assert.deepEqual([e.kind, e.created, e.size], ['file', true, 0]);
  } finally {
    process.umask(old);
  }
  assert.equal(fs.statSync(path.join(root, 'app.log')).mode & 0o777, 0o644);
});

test('in a trusted directory a symlink or hard link at the name is refused, not removed', (t) => {
  const root = tempDir(t);
  const outside = path.join(root, 'target');
  fs.writeFileSync(outside, 'x');
  fs.symlinkSync(outside, path.join(root, 'sym.log'));
  fs.linkSync(outside, path.join(root, 'hard.log'));
  const d = SafeDir.open(root);
  t.after(() => d.close());
  for (const name of ['sym.log', 'hard.log']) {
    assert.throws(
      () => d.openAppend(name, OPTS, () => {}),
      (err) => isModulusError(err) && err.code === 'LOG_UNSAFE_PATH',
    );
    assert.ok(fs.lstatSync(path.join(root, name)));
  }
});

test('in an app-writable directory a planted symlink, hard link or FIFO is replaced by a fresh file', (t) => {
  const { dir, outside } = hostileDir(t);
  fs.symlinkSync(outside, path.join(dir, 'sym.log'));
  fs.linkSync(outside, path.join(dir, 'hard.log'));
  execFileSync('mkfifo', [path.join(dir, 'fifo.log')]);
  const d = SafeDir.open(dir);
  t.after(() => d.close());
  const names = ['sym.log', 'hard.log', 'fifo.log'];
  for (const name of names) {
    const warnings: string[] = [];
    const e = d.openAppend(name, OPTS, (m) => warnings.push(m));
    fs.writeSync(e.fd, 'log\n');
    fs.closeSync(e.fd);
    assert.equal(warnings.length, 1, name);
    const st = fs.lstatSync(path.join(dir, name));
    assert.ok(st.isFile() && st.nlink === 1, name);
  }
  assert.equal(fs.readFileSync(outside, 'utf8'), 'do not touch\n');
});

test('a directory at the name is refused', (t) => {
  const root = tempDir(t);
  fs.mkdirSync(path.join(root, 'app.log'));
  const d = SafeDir.open(root);
  t.after(() => d.close());
  assert.throws(
    () => d.openAppend('app.log', OPTS, () => {}),
    (err) => isModulusError(err) && err.code === 'LOG_UNSAFE_PATH',
  );
});

test('rename and unlink act on names and report a missing source', (t) => {
  const root = tempDir(t);
  fs.writeFileSync(path.join(root, 'a'), 'A');
  const d = SafeDir.open(root);
  t.after(() => d.close());
  assert.equal(d.rename('a', 'b'), true);
  assert.equal(d.rename('a', 'b'), false);
  assert.equal(d.exists('b'), true);
  assert.equal(d.unlink('b'), true);
  assert.equal(d.unlink('b'), false);
});

test('createExclusive never opens an existing name, a planted symlink included', (t) => {
  const { dir, outside } = hostileDir(t);
  const d = SafeDir.open(dir);
  t.after(() => d.close());
  fs.symlinkSync(outside, path.join(dir, 'n'));
  assert.throws(
    () => d.createExclusive('n', 0o644),
    (err: NodeJS.ErrnoException) => err.code === 'EEXIST',
  );
  const fd = d.createExclusive('fresh', 0o640);
  fs.closeSync(fd);
  assert.equal(fs.statSync(path.join(dir, 'fresh')).mode & 0o777, 0o640);
  assert.equal(fs.readFileSync(outside, 'utf8'), 'do not touch\n');
});

test('linkNoReplace renames only onto a free name; list, lstat and sync work through the descriptor', (t) => {
  const { dir, outside } = hostileDir(t);
  const d = SafeDir.open(dir);
  t.after(() => d.close());
  fs.closeSync(d.createExclusive('a', 0o644));
  fs.symlinkSync(outside, path.join(dir, 'taken'));
  assert.equal(d.linkNoReplace('a', 'taken'), false);
  assert.ok(d.lstat('taken')!.isSymbolicLink());
  assert.equal(d.linkNoReplace('a', 'b'), true);
  assert.deepEqual(d.list().sort(), ['b', 'taken']);
  assert.equal(d.lstat('a'), null);
  d.sync();
});
