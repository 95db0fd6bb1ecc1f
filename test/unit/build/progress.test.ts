import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldLine, progress } from '../../../src/build/progress.js';

test('foldLine keeps the last non-blank line, without escapes, cut to the width', () => {
  assert.equal(foldLine('one\ntwo\n\n', 80), 'two');
  assert.equal(foldLine('\x1b[32mgreen\x1b[0m\r', 80), 'green');
  assert.equal(foldLine('a\rb', 80), 'b');
  assert.equal(foldLine('x'.repeat(30), 12), `${'x'.repeat(11)}…`);
  assert.equal(foldLine('\n\n', 80), '');
});

test('on a terminal npm output is one line rewritten in place; a phase clears it', () => {
  let out = '';
  const p = progress({ write: (t) => (out += t), isTTY: true, columns: 40 }, 'b: ');
  p.output('added 1\n');
  p.output('added 2\n');
  p.phase('done');
  assert.equal(out, '\r\x1b[2Kb:   added 1\r\x1b[2Kb:   added 2\r\x1b[2Kb: done\n');
});

test('into a file or pipe every npm line is passed on, indented', () => {
  let out = '';
  const p = progress({ write: (t) => (out += t), isTTY: false, columns: 0 }, 'b: ');
  p.phase('install');
  p.output('line 1\nli');
  p.output('ne 2\npartial');
  p.clear();
  assert.equal(out, 'b: install\nb:   line 1\nb:   line 2\nb:   partial\n');
});
