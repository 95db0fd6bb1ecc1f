import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildImageAction, buildImageFor } from '../../../src/host/build-image.js';
import { LABELS } from '../../../src/host/images.js';

test('a <prefix>/run-node image has <prefix>/build-node as its build image; others have none', () => {
  assert.equal(buildImageFor('modulus/run-node'), 'modulus/build-node');
  assert.equal(buildImageFor('registry.example/team/run-node:latest'), 'registry.example/team/build-node');
  assert.equal(buildImageFor('acme/run-node:v2'), undefined, 'another tag of run-node is not ours to pair');
  assert.equal(buildImageFor('acme/app:v2'), undefined);
  assert.equal(buildImageFor('run-node'), undefined);
});

test('build-node is used only while it holds this bundle and was built FROM the current run-node', () => {
  const current = { [LABELS.bundle]: 'new', [LABELS.runImage]: 'sha256:run' };
  assert.deepEqual(buildImageAction(current, 'sha256:run', 'new'), { kind: 'use' });
  assert.deepEqual(buildImageAction(null, 'sha256:run', 'new'), { kind: 'build', why: 'missing' });
  assert.deepEqual(buildImageAction({ ...current, [LABELS.bundle]: 'old' }, 'sha256:run', 'new'), {
    kind: 'build',
    why: 'stale',
  });
  assert.deepEqual(buildImageAction(current, 'sha256:rebuilt', 'new'), {
    kind: 'build',
    why: 'other-run-image',
  });
  assert.deepEqual(buildImageAction({ [LABELS.bundle]: 'new' }, 'sha256:run', 'new'), {
    kind: 'build',
    why: 'other-run-image',
  });
});
