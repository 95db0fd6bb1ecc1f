import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('bad usage exits 2 with the reason', async (t) => {
  const dir = tempDir(t);
  const rows: [string[], RegExp][] = [
    [['notify'], /usage: modulus notify --dir DIR/],
    [['notify', '--dir', dir, '--max-files', '0'], /--max-files/],
    [['notify', '--dir', dir, '--max-bytes', 'lots'], /--max-bytes/],
    [['notify', '--dir', dir, '--coalesce-secs', '-1'], /--coalesce-secs/],
  ];
  for (const [args, pattern] of rows) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, pattern);
  }
});

test('a missing directory is an error before READY is said', async (t) => {
  const r = await runCli(['notify', '--dir', path.join(tempDir(t), 'none')]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /notifications directory/);
});

test('says READY, acknowledges an event, and exits when stdin ends', async (t) => {
  const dir = tempDir(t);
  const payload =
    'processname:w groupname:w from_state:RUNNING expected:0 pid:5 restarts:0 exitcode:2 uptime:1.000';
  const input = `ver:3.0 server:supervisor serial:1 pool:notify poolserial:1 eventname:PROCESS_STATE_EXITED len:${payload.length}\n${payload}`;
  const r = await runCli(['notify', '--dir', dir, '--coalesce-secs', '0'], { input });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'READY\nRESULT 2\nOKREADY\n');
  assert.equal(fs.readdirSync(dir).filter((n) => n.endsWith('.crash.json')).length, 1);
});
