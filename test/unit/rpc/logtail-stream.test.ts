// The tail stream's outcomes without a network: 404 for missing logs and faults, 500 for failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { streamLogTail, type LogTailHandler } from '../../../src/rpc/logtail-stream.js';
import { RpcFault } from '../../../src/rpc/faults.js';

function fakeResponse() {
  const res = Object.assign(new EventEmitter(), {
    written: [] as string[],
    status: 0,
    ended: false,
    writeHead(status: number) {
      res.status = status;
    },
    flushHeaders() {},
    write(chunk: string) {
      res.written.push(String(chunk));
      return true;
    },
    end() {
      res.ended = true;
    },
    destroy() {},
  });
  return res;
}

const target = { kind: 'main' } as const;
const run = (handler: LogTailHandler, res = fakeResponse()) =>
  streamLogTail(
    {} as IncomingMessage,
    res as unknown as ServerResponse,
    target,
    handler,
    new Set(),
    () => {},
  );

test('status codes when the tail cannot start', async () => {
  assert.equal(await run(async () => null), 404);
  assert.equal(
    await run(async () => {
      throw new RpcFault('BAD_NAME', 'x');
    }),
    404,
  );
  assert.equal(
    await run(async () => {
      throw new Error('disk');
    }),
    500,
  );
});

test('streams every chunk, skips empty ones, then ends', async () => {
  const res = fakeResponse();
  async function* chunks() {
    yield 'a';
    yield '';
    yield Buffer.from('b');
  }
  assert.equal(await run(async () => ({ chunks: chunks() }), res), undefined);
  assert.equal(res.status, 200);
  assert.deepEqual(res.written, ['a', 'b']);
  assert.ok(res.ended);
});
