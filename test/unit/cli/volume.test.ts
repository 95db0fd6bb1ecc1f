import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../helpers/run-cli.js';

test('usage errors exit 2 and name the forms', async () => {
  for (const args of [['volume'], ['volume', 'make'], ['volume', 'init'], ['volume', 'check', 'a', 'b']]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /modulus volume init DIR/);
  }
});

test('--help prints both forms', async () => {
  const r = await runCli(['volume', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Usage: modulus volume init DIR .*\n\s+modulus volume check \[DIR\]/);
});

test('numeric ids and known layouts only', async () => {
  const rows: [string[], RegExp][] = [
    [['volume', 'init', '/nonexistent/x', '--uid', 'mop'], /--uid: expected a numeric uid/],
    [['volume', 'check', '/nonexistent/x', '--gid', '-1'], /--gid: expected a numeric gid/],
    [['volume', 'init', '/nonexistent/x', '--layout', 'open'], /--layout: expected secure or original/],
  ];
  for (const [args, pattern] of rows) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, pattern);
  }
});
