import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModulusError } from '../../../src/errors/modulus-error.js';
import { reportError } from '../../../src/errors/report.js';

test('a user error prints message and hint, and returns its exit code', () => {
  const out: string[] = [];
  const code = reportError(new ModulusError('USAGE', 'bad flag'), (l) => out.push(l));
  assert.equal(code, 2);
  assert.deepEqual(out, ['Error: bad flag\n', '  Run with -h for the options this command takes.\n']);
});

test('anything else is reported as a bug, with its stack', () => {
  const out: string[] = [];
  const code = reportError(new TypeError('boom'), (l) => out.push(l));
  assert.equal(code, 70);
  assert.match(out[0]!, /^Internal error: TypeError: boom\n/);
  assert.match(out[1]!, /bug in modulus/);
});
