// The supervisor's Node.js flags are the same everywhere we start it, and Node.js accepts them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SUPERVISOR_NODE_FLAGS } from '../../../src/supervisor/node-flags.js';

const BIN_MODULUS = new URL('../../../../images/run-base/bin/modulus', import.meta.url);

test("the run images' bin/modulus starts the supervisor with exactly these flags", () => {
  const script = readFileSync(BIN_MODULUS, 'utf8');
  const line = script.split('\n').find((l) => /^\s*supervisord\)/.test(l));
  assert.ok(line, 'a supervisord) case');
  const flags = /node (.*) -- \/opt\/modulus\/lib\/modulus\.js/.exec(line)?.[1]?.split(' ');
  assert.deepEqual(flags, [...SUPERVISOR_NODE_FLAGS]);
});

test('Node.js accepts the flags', () => {
  const out = execFileSync(process.execPath, [...SUPERVISOR_NODE_FLAGS, '-e', 'process.stdout.write("ok")']);
  assert.equal(out.toString(), 'ok');
});
