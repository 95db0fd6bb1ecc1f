import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containerName, dockerRunArgs } from '../../../src/host/docker-run.js';

// The container itself is exercised by the Docker end-to-end tests (test/e2e/).
test('docker run: detached, named, host network, the volume at /mnt, the memory limit when given', () => {
  assert.equal(containerName('web'), 'modulus-web');
  assert.deepEqual(dockerRunArgs({ container: 'modulus-web', volume: '/v', image: 'modulus/run-node' }), [
    'run',
    '-d',
    '--name',
    'modulus-web',
    '--network',
    'host',
    '-v',
    '/v:/mnt',
    'modulus/run-node',
  ]);
  assert.deepEqual(dockerRunArgs({ container: 'c', volume: '/v', image: 'img', memory: '64m' }).slice(-3), [
    '--memory',
    '64m',
    'img',
  ]);
});
