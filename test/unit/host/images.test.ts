import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildArgs, type BuildOptions } from '../../../src/host/images.js';

const options: BuildOptions = {
  baseImage: 'modulus-test/debian:bookworm',
  nodeMirror: 'http://127.0.0.1:8000/good',
  prefix: 'acme',
  noCache: false,
  log: () => {},
};

test('run-base is built on the base image with the mirror, on the host network, from the package root', () => {
  const args = buildArgs('run-base', options, '/pkg');
  assert.deepEqual(args.slice(0, 5), ['build', '--network', 'host', '-f', '/pkg/images/run-base/Dockerfile']);
  assert.ok(args.includes('BASE_IMAGE=modulus-test/debian:bookworm'));
  assert.ok(args.includes('NODEJS_ORG_MIRROR=http://127.0.0.1:8000/good'));
  assert.ok(!args.some((a) => a.startsWith('RUN_BASE=')));
  assert.deepEqual(args.slice(-3), ['-t', 'acme/run-base', '/pkg']);
});

test('run-node is built FROM the run-base of the same prefix; --no-cache passes through', () => {
  const args = buildArgs('run-node', { ...options, noCache: true }, '/pkg');
  assert.ok(args.includes('RUN_BASE=acme/run-base'));
  assert.ok(args.includes('--no-cache'));
  assert.deepEqual(args.slice(-3), ['-t', 'acme/run-node', '/pkg']);
});
