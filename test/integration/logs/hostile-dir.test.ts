// The supervisor writes logs as root into a directory the app user can write: every trick that
// user can play with names there must leave files outside the directory byte-for-byte unchanged.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { LogFile, type LogWarning } from '../../../src/logs/log-file.js';

const NOBODY = 65534;
const SECRET = 'root:secret-that-must-not-change\n';

interface Scene {
  dir: string;
  secret: string;
  log: string;
}

/** A log directory owned by nobody, and a root file outside it that must never change. */
function scene(t: TestContext): Scene {
  const root = tempDir(t);
  fs.chmodSync(root, 0o755);
  const dir = path.join(root, 'log');
  fs.mkdirSync(dir);
  fs.chownSync(dir, NOBODY, NOBODY);
  const secret = path.join(root, 'shadow');
  fs.writeFileSync(secret, SECRET, { mode: 0o600 });
  return { dir, secret, log: path.join(dir, 'app.log') };
}

/** Runs a command as nobody, the way the app user would plant things. */
function asNobody(cmd: string, ...args: string[]): void {
  execFileSync(cmd, args, { uid: NOBODY, gid: NOBODY, stdio: 'ignore' });
}

function open(log: string, backups = 3, maxbytes = 0): { file: LogFile; warnings: string[] } {
  const file = LogFile.open(log, { maxbytes, backups });
  const warnings: string[] = [];
  file.on('warning', (w: LogWarning) => warnings.push(w.message));
  return { file, warnings };
}

function assertUntouched(s: Scene): void {
  assert.equal(fs.readFileSync(s.secret, 'utf8'), SECRET);
  assert.equal(fs.statSync(s.secret).nlink >= 1, true);
}

test('a symlink planted at app.log is replaced by a fresh file, its target untouched', async (t) => {
  const s = scene(t);
  asNobody('ln', '-s', s.secret, s.log);
  const { file, warnings } = open(s.log);
  file.write(Buffer.from('hello\n'));
  await file.close();
  assertUntouched(s);
  assert.equal(fs.lstatSync(s.log).isFile(), true);
  assert.equal(fs.readFileSync(s.log, 'utf8'), 'hello\n');
  assert.match(warnings.join('\n'), /symlink/);
});

test('a hard link planted at app.log is never written or truncated', async (t) => {
  const s = scene(t);
  // protected_hardlinks stops nobody from linking root's file; root plants it to model a host without it.
  fs.linkSync(s.secret, s.log);
  const { file, warnings } = open(s.log);
  file.write(Buffer.from('hello\n'));
  file.clear();
  file.write(Buffer.from('again\n'));
  await file.close();
  assertUntouched(s);
  assert.equal(fs.statSync(s.secret).nlink, 1);
  assert.equal(fs.readFileSync(s.log, 'utf8'), 'again\n');
  assert.match(warnings.join('\n'), /hard links/);
});

test('a FIFO planted at app.log cannot hang the supervisor', async (t) => {
  const s = scene(t);
  asNobody('mkfifo', s.log);
  const { file, warnings } = open(s.log);
  file.write(Buffer.from('hello\n'));
  await file.close();
  assert.equal(fs.lstatSync(s.log).isFile(), true);
  assert.equal(fs.readFileSync(s.log, 'utf8'), 'hello\n');
  assert.match(warnings.join('\n'), /not a regular file/);
});

test('symlinks planted at app.log.1 and app.log.3 are moved as names by rotation, never followed', async (t) => {
  const s = scene(t);
  asNobody('ln', '-s', s.secret, `${s.log}.1`);
  asNobody('ln', '-s', s.secret, `${s.log}.3`);
  const { file } = open(s.log, 3, 10);
  for (let i = 0; i < 6; i++) file.write(Buffer.from(`line ${i}...\n`));
  await file.close();
  assertUntouched(s);
  for (const suffix of ['', '.1', '.2', '.3']) {
    assert.equal(fs.lstatSync(`${s.log}${suffix}`).isFile(), true, `app.log${suffix} is a regular file`);
  }
  assert.equal(fs.readFileSync(s.log, 'utf8'), 'line 5...\n');
});

test('app.log swapped for a symlink while open: rotation moves the link, the target stays', async (t) => {
  const s = scene(t);
  const { file } = open(s.log, 2, 0);
  file.write(Buffer.from('first\n'));
  await file.flush();
  asNobody('rm', s.log);
  asNobody('ln', '-s', s.secret, s.log);
  file.write(Buffer.from('second\n'));
  file.rotate();
  file.write(Buffer.from('third\n'));
  file.reopen();
  file.write(Buffer.from('fourth\n'));
  await file.close();
  assertUntouched(s);
  assert.equal(fs.lstatSync(`${s.log}.1`).isSymbolicLink(), true);
  assert.equal(fs.readFileSync(s.log, 'utf8'), 'third\nfourth\n');
});

test('the directory renamed away and replaced by a symlink: writes and rotation stay in the real directory', async (t) => {
  const s = scene(t);
  const elsewhere = path.join(path.dirname(s.dir), 'elsewhere');
  fs.mkdirSync(elsewhere);
  fs.writeFileSync(path.join(elsewhere, 'app.log'), SECRET);
  const { file } = open(s.log, 2, 24);
  file.write(Buffer.from('before swap\n'));
  await file.flush();
  // The app user can do this when it owns the parent; here root plays that part.
  const moved = `${s.dir}.moved`;
  fs.renameSync(s.dir, moved);
  fs.symlinkSync(elsewhere, s.dir);
  file.write(Buffer.from('after swap\n'));
  file.write(Buffer.from('and rotated\n'));
  file.reopen();
  file.write(Buffer.from('reopened\n'));
  await file.close();
  assert.equal(fs.readFileSync(path.join(elsewhere, 'app.log'), 'utf8'), SECRET);
  assert.deepEqual(fs.readdirSync(elsewhere), ['app.log']);
  assert.equal(fs.readFileSync(path.join(moved, 'app.log.1'), 'utf8'), 'before swap\nafter swap\n');
  assert.equal(fs.readFileSync(path.join(moved, 'app.log'), 'utf8'), 'and rotated\nreopened\n');
  assertUntouched(s);
});
