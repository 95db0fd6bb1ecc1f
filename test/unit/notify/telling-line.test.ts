import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tellingLine } from '../../../src/notify/telling-line.js';

test("a Node.js crash: the error line, not the version line, a frame or the error's properties", () => {
  const thrown = [
    '/app/x.js:1',
    "throw new Error('boom')",
    '^',
    '',
    'Error: boom',
    '    at Object.<anonymous> (/app/x.js:1:7)',
    '',
    'Node.js v20.20.2',
  ];
  assert.equal(tellingLine(thrown), 'Error: boom');
  const listen = [
    'Error: listen EADDRINUSE: address already in use :::8080',
    '    at Server.setupListenHandle',
    "  code: 'EADDRINUSE',",
    '}',
    '',
    'Node.js v22.1.0',
  ];
  assert.equal(tellingLine(listen), 'Error: listen EADDRINUSE: address already in use :::8080');
  assert.equal(
    tellingLine(['TypeError: x is not a function', '    at f', 'Node.js v22.1.0']),
    'TypeError: x is not a function',
  );
});

test('other output: the last line that is not noise; nothing for no output', () => {
  assert.equal(
    tellingLine(['starting', 'Failed to start server', '', 'Node.js v20.1.0']),
    'Failed to start server',
  );
  assert.equal(tellingLine(['boom']), 'boom');
  assert.equal(tellingLine([]), undefined);
  assert.equal(tellingLine(['', 'Node.js v20.1.0']), undefined);
});
