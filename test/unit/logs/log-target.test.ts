import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { LogTarget } from '../../../src/logs/log-target.js';

const OPTS = { mode: 0o644 };

test('stdout and stderr are used as they are: never opened, rotated or closed', () => {
  const target = LogTarget.open('/dev/stdout', OPTS, () => {});
  assert.deepEqual(target.sink, { kind: 'device', fd: 1, owned: false, line: { size: 0, openLine: 0 } });
  assert.equal(target.rotatable, false);
  assert.equal(target.rotate(3), false);
  target.reopen();
  target.clear();
  target.close();
  assert.equal(LogTarget.open('/dev/stderr', OPTS, () => {}).sink?.fd, 2);
});

test('an existing file is appended to, and its unfinished last line is known', (t) => {
  const file = path.join(tempDir(t), 'app.log');
  fs.writeFileSync(file, 'done\nhalf a li');
  const target = LogTarget.open(file, OPTS, () => {});
  t.after(() => target.close());
  assert.equal(target.sink?.kind, 'file');
  assert.deepEqual(target.sink?.line, { size: 14, openLine: 9 });
  assert.equal(target.rotatable, true);
});

test('rotate shifts the file to .1 and starts afresh', (t) => {
  const file = path.join(tempDir(t), 'app.log');
  fs.writeFileSync(file, 'old\n');
  const target = LogTarget.open(file, OPTS, () => {});
  t.after(() => target.close());
  assert.equal(target.rotate(2), true);
  assert.equal(fs.readFileSync(`${file}.1`, 'utf8'), 'old\n');
  assert.deepEqual(target.sink?.line, { size: 0, openLine: 0 });
});

test('clear removes the live file only; reopen follows the name', (t) => {
  const file = path.join(tempDir(t), 'app.log');
  fs.writeFileSync(file, 'live\n');
  fs.writeFileSync(`${file}.1`, 'backup\n');
  const target = LogTarget.open(file, OPTS, () => {});
  t.after(() => target.close());
  target.clear();
  assert.equal(fs.readFileSync(file, 'utf8'), '');
  assert.equal(fs.readFileSync(`${file}.1`, 'utf8'), 'backup\n');
  fs.writeFileSync(path.join(path.dirname(file), 'other'), 'x\n');
  fs.renameSync(path.join(path.dirname(file), 'other'), file);
  target.reopen();
  assert.equal(target.sink?.line.size, 2);
});

test('a failed reopen leaves no sink and a reason; ensure() retries', (t) => {
  const file = path.join(tempDir(t), 'app.log');
  const warnings: string[] = [];
  const target = LogTarget.open(file, OPTS, (m) => warnings.push(m));
  t.after(() => target.close());
  fs.unlinkSync(file);
  fs.mkdirSync(file);
  target.reopen();
  assert.equal(target.sink, null);
  assert.equal(target.ensure(), null);
  assert.ok(target.lastError instanceof Error);
  assert.match(warnings.join('\n'), /refusing/);
  fs.rmdirSync(file);
  assert.equal(target.ensure()?.kind, 'file');
});
