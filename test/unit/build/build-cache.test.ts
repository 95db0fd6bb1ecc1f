import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultBuildCache, volumeBuildCache } from '../../../src/build/build-cache.js';

test('the build cache: MODULUS_BUILD_CACHE, XDG_CACHE_HOME, HOME, in that order; a volume keeps its own', () => {
  assert.equal(defaultBuildCache({ MODULUS_BUILD_CACHE: '/c', XDG_CACHE_HOME: '/x' }, '/h'), '/c');
  assert.equal(defaultBuildCache({ XDG_CACHE_HOME: '/x', HOME: '/y' }, '/h'), '/x/modulus/build');
  assert.equal(defaultBuildCache({ HOME: '/y' }, '/h'), '/y/.cache/modulus/build');
  assert.equal(defaultBuildCache({}, '/h'), '/h/.cache/modulus/build');
  assert.equal(volumeBuildCache('/v'), '/v/home/.cache/modulus/build');
});
