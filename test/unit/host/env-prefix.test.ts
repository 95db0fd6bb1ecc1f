import { test } from 'node:test';
import assert from 'node:assert/strict';
import { envFromPrefix } from '../../../src/host/env-prefix.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

test('takes the prefixed variables without the prefix, sorted, values untouched', () => {
  const env = {
    PATH: '/usr/bin',
    MODULUS_APP_ENV_ZED: 'last',
    MODULUS_APP_ENV_NODE_OPTIONS: '--require ./x',
    MODULUS_APP_ENV_: 'no name',
    MODULUS_APP_ENV_A: 'line one\nline "two", 100%',
    OTHER_MODULUS_APP_ENV_B: 'not ours',
  };
  assert.deepEqual(envFromPrefix(env, 'MODULUS_APP_ENV_'), [
    ['A', 'line one\nline "two", 100%'],
    ['NODE_OPTIONS', '--require ./x'],
    ['ZED', 'last'],
  ]);
  assert.deepEqual(envFromPrefix({}, 'P_'), []);
});

test('a prefix that is no variable name is refused', () => {
  for (const bad of ['', '1A', 'A-B', 'A B'])
    assert.throws(
      () => envFromPrefix({}, bad),
      (err) => isModulusError(err) && err.code === 'USAGE',
      bad,
    );
});
