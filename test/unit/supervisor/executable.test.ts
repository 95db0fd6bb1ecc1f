import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveExecutable } from '../../../src/supervisor/executable.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('a bare name is looked up on the given PATH, in order', (t) => {
  const dir = tempDir(t);
  for (const d of ['a', 'b']) {
    mkdirSync(join(dir, d));
    writeFileSync(join(dir, d, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
  }
  const target = resolveExecutable('tool --flag "x y"', `${join(dir, 'a')}:${join(dir, 'b')}`);
  assert.equal(target.file, join(dir, 'a', 'tool'));
  assert.deepEqual(target.argv, ['tool', '--flag', 'x y']);
});

test("supervisord's messages for missing, directory and non-executable commands", (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'plain'), 'x', { mode: 0o644 });
  assert.throws(() => resolveExecutable('nope', dir), { message: "can't find command 'nope'" });
  assert.throws(() => resolveExecutable(dir, undefined), { message: `command at '${dir}' is a directory` });
  assert.throws(() => resolveExecutable(join(dir, 'plain'), undefined), {
    message: `command at '${join(dir, 'plain')}' is not executable`,
  });
  assert.throws(() => resolveExecutable('   ', undefined), { message: 'command is empty' });
});
