import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { portAnswers, portFree } from '../../../src/host/port-probe.js';

test('a listening port is not free and answers; once closed, it is free and silent', async () => {
  const server = createServer((s) => s.end());
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const port = (server.address() as { port: number }).port;
  assert.equal(await portFree(port), false);
  assert.equal(await portAnswers(port), true);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  assert.equal(await portFree(port), true);
  assert.equal(await portAnswers(port), false);
});
