// Loopback detection, which decides whether an unauthenticated TCP server may start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost } from '../../../src/config/servers.js';

test('isLoopbackHost', () => {
  const rows: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['LOCALHOST', true],
    ['', false],
    ['*', false],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.1', false],
    ['128.0.0.1', false],
    ['localhost.evil.com', false],
    ['127.0.0.1.evil.com', false],
  ];
  for (const [host, expected] of rows) assert.equal(isLoopbackHost(host), expected, host);
});
