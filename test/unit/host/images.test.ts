import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArgs, imageAction, IMAGES, LABELS, type BuildOptions } from '../../../src/host/images.js';

const options: BuildOptions = {
  baseImage: 'modulus-test/debian:bookworm',
  nodeMirror: 'http://127.0.0.1:8000/good',
  prefix: 'acme',
  noCache: false,
  log: () => {},
};

test('run-base is built on the base image with the mirror, on the host network, from the package root', () => {
  const args = buildArgs('run-base', options, '/pkg', 'ab12');
  assert.deepEqual(args.slice(0, 5), ['build', '--network', 'host', '-f', '/pkg/images/run-base/Dockerfile']);
  assert.ok(args.includes('BASE_IMAGE=modulus-test/debian:bookworm'));
  assert.ok(args.includes('NODEJS_ORG_MIRROR=http://127.0.0.1:8000/good'));
  assert.ok(!args.some((a) => a.startsWith('RUN_BASE=')));
  assert.ok(args.includes('MODULUS_BUNDLE_SHA256=ab12'), 'the bundle it holds is labelled');
  assert.deepEqual(args.slice(-3), ['-t', 'acme/run-base', '/pkg']);
});

test('run-node is built FROM the run-base of the same prefix; --no-cache passes through', () => {
  const args = buildArgs('run-node', { ...options, noCache: true }, '/pkg', 'ab12');
  assert.ok(args.includes('RUN_BASE=acme/run-base'));
  assert.ok(args.includes('--no-cache'));
  assert.deepEqual(args.slice(-3), ['-t', 'acme/run-node', '/pkg']);
});

test('build-node is built FROM the run-node of the same prefix, labelled with its id', () => {
  const args = buildArgs('build-node', options, '/pkg', 'ab12', 'sha256:feed');
  assert.deepEqual(args.slice(0, 5), [
    'build',
    '--network',
    'host',
    '-f',
    '/pkg/images/build-node/Dockerfile',
  ]);
  assert.ok(args.includes('RUN_NODE=acme/run-node'));
  assert.ok(args.includes('RUN_IMAGE_ID=sha256:feed'));
  assert.ok(
    args.includes('BASE_IMAGE=modulus-test/debian:bookworm'),
    'its headers stage is on the base image',
  );
  assert.ok(
    args.includes('NODEJS_ORG_MIRROR=http://127.0.0.1:8000/good'),
    'the headers come from the mirror',
  );
  assert.deepEqual(args.slice(-3), ['-t', 'acme/build-node', '/pkg']);
  assert.deepEqual(IMAGES, ['run-base', 'run-node', 'build-node'], 'each is built after what it is FROM');
});

test('an image holding this bundle is used; a missing or stale run-node is (re)built; others are not', () => {
  const current = { [LABELS.bundle]: 'new' };
  const stale = { [LABELS.bundle]: 'old' };
  assert.deepEqual(imageAction('modulus/run-node', current, 'new'), { kind: 'use' });
  assert.deepEqual(imageAction('modulus/run-node', null, 'new'), {
    kind: 'build',
    prefix: 'modulus',
    why: 'missing',
  });
  assert.deepEqual(imageAction('acme/run-node:latest', stale, 'new'), {
    kind: 'build',
    prefix: 'acme',
    why: 'stale',
  });
  assert.deepEqual(imageAction('acme/run-node', {}, 'new'), { kind: 'build', prefix: 'acme', why: 'stale' });
  assert.deepEqual(imageAction('acme/app:v2', stale, 'new'), { kind: 'use-stale' });
  assert.deepEqual(imageAction('acme/app:v2', null, 'new'), { kind: 'missing' });
});
