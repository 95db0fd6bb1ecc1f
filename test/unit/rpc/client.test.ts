// Server URL parsing and credential masking for the client (calls are covered by integration tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRpcClient, displayUrl, parseServerUrl } from '../../../src/rpc/client.js';

test('parseServerUrl', () => {
  const rows: [string, unknown][] = [
    ['unix:///var/run/supervisor.sock', { kind: 'unix', path: '/var/run/supervisor.sock' }],
    ['http://127.0.0.1:9001', { kind: 'http', host: '127.0.0.1', port: 9001 }],
    ['http://localhost', { kind: 'http', host: 'localhost', port: 80 }],
    ['http://[::1]:9001/', { kind: 'http', host: '::1', port: 9001 }],
  ];
  for (const [url, expected] of rows) assert.deepEqual(parseServerUrl(url), expected, url);
  for (const url of ['unix://', 'https://x', 'ftp://x', 'nonsense']) {
    assert.throws(() => parseServerUrl(url), { code: 'RPC_BAD_URL' }, url);
  }
});

test('passwords never reach messages', async () => {
  assert.equal(displayUrl('http://user:secret@host:1'), 'http://host:1');
  assert.throws(
    () => parseServerUrl('https://user:secret@x'),
    (err: Error) => !err.message.includes('secret'),
  );
  const client = createRpcClient('unix:///nonexistent/dir/sock', { username: 'u', password: 'secret' });
  await assert.rejects(client.call('x.y'), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'RPC_UNREACHABLE');
    assert.ok(!err.message.includes('secret'));
    return true;
  });
  client.close();
});
