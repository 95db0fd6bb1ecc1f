import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { capturePipe, type LogSink } from '../../../src/logs/pipe-capture.js';
import { waitFor } from '../../helpers/wait-for.js';

/** A sink that says "full" after `limit` bytes until drained by the test. */
class GatedSink extends EventEmitter implements LogSink {
  readonly chunks: Buffer[] = [];
  private held = 0;
  constructor(private readonly limit: number) {
    super();
  }
  write(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    this.held += chunk.length;
    return this.held < this.limit;
  }
  drainAll(): void {
    this.held = 0;
    this.emit('drain');
  }
}

test('copies every chunk to the sink and the tee, and resolves done at end', async () => {
  const source = new PassThrough();
  const sink = new GatedSink(Infinity);
  const teed: Buffer[] = [];
  const capture = capturePipe(source, sink, { tee: (c) => teed.push(c) });
  source.write('a\n');
  source.end('b\n');
  await capture.done;
  assert.equal(Buffer.concat(sink.chunks).toString(), 'a\nb\n');
  assert.equal(Buffer.concat(teed).toString(), 'a\nb\n');
  assert.equal(capture.bytes, 4);
});

test('stops reading when the sink is full and reads again on drain, losing nothing', async () => {
  const source = new PassThrough({ highWaterMark: 4 });
  const sink = new GatedSink(8);
  const capture = capturePipe(source, sink);
  let accepted = 0;
  for (let i = 0; i < 6; i++) if (source.write(`${i}xx\n`)) accepted++;
  await waitFor('the capture to wait for drain', () => capture.waiting);
  assert.ok(accepted < 6, 'the source felt the backpressure');
  const text = (): string => Buffer.concat(sink.chunks).toString();
  assert.ok(text().length < 24, 'the sink was not given everything at once');
  source.end();
  await waitFor('all output', () => {
    sink.drainAll();
    return text().length === 24;
  });
  await capture.done;
  assert.equal(text(), '0xx\n1xx\n2xx\n3xx\n4xx\n5xx\n');
});

test('with no sink the pipe is still read (a stream logged to NONE)', async () => {
  const source = new PassThrough();
  const teed: Buffer[] = [];
  const capture = capturePipe(source, null, { tee: (c) => teed.push(c) });
  source.end('ignored\n');
  await capture.done;
  assert.equal(capture.bytes, 8);
  assert.equal(teed.length, 1);
});

test('done resolves when the pipe fails', async () => {
  const source = new PassThrough();
  const capture = capturePipe(source, null);
  source.destroy(new Error('EIO'));
  await capture.done;
});
