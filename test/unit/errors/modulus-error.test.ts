import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errnoCode, isModulusError, ModulusError } from '../../../src/errors/modulus-error.js';

test('carries its code, exit code from the registry, and the default hint', () => {
  const err = new ModulusError('CONFIG_NOT_FOUND', 'no config');
  assert.equal(err.code, 'CONFIG_NOT_FOUND');
  assert.equal(err.exitCode, 2);
  assert.equal(err.hint, 'Pass the file with -c FILE.');
  assert.ok(isModulusError(err));
  assert.ok(!isModulusError(new Error('x')));
});

test('a given hint and cause win', () => {
  const cause = new Error('inner');
  const err = new ModulusError('CONFIG_VALUE', 'bad', { hint: 'do this', cause });
  assert.equal(err.hint, 'do this');
  assert.equal(err.cause, cause);
});

test('errnoCode reads system error codes only', () => {
  assert.equal(errnoCode(Object.assign(new Error('x'), { code: 'ENOENT' })), 'ENOENT');
  assert.equal(errnoCode(new Error('x')), undefined);
  assert.equal(errnoCode('ENOENT'), undefined);
});
