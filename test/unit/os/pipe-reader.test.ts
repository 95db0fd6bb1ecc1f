// The supervisor's read path for children's output: real pipes read into one shared buffer, handed
// to capturePipe chunk by chunk, with its backpressure and nothing lost, reordered or repeated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { closeSync, writeSync } from 'node:fs';
import { capturePipe, type LogSink } from '../../../src/logs/pipe-capture.js';
import { PipePool } from '../../../src/os/pipe-pool.js';
import { onChunks, sharedBufferReader } from '../../../src/os/pipe-reader.js';
import { spawnChild } from '../../../src/os/process.js';
import { tempDir } from '../../helpers/temp-dir.js';

/** Keeps copies (as the contract asks) and says "full" every `every` bytes until a later turn. */
class ThrottledSink extends EventEmitter implements LogSink {
  readonly kept: Buffer[] = [];
  refusals = 0;
  private sinceRefusal = 0;
  constructor(private readonly every: number) {
    super();
  }
  write(chunk: Buffer): boolean {
    this.kept.push(Buffer.from(chunk));
    this.sinceRefusal += chunk.length;
    if (this.sinceRefusal < this.every) return true;
    this.sinceRefusal = 0;
    this.refusals++;
    setImmediate(() => this.emit('drain'));
    return false;
  }
}

function seqOutput(n: number): string {
  let text = '';
  for (let i = 1; i <= n; i++) text += `${i}\n`;
  return text;
}

test("a child's output comes through the shared buffer whole and in order, pausing when the sink is full", async (t) => {
  const pool = new PipePool({ dir: tempDir(t), spare: 2 });
  t.after(() => pool.close());
  const child = await spawnChild(
    { file: '/usr/bin/seq', argv: ['seq', '1', '400000'], env: {} },
    pool,
    'shared-buffer',
  );
  const sink = new ThrottledSink(256 * 1024);
  const buffers = new Set<ArrayBufferLike>();
  const capture = capturePipe(child.stdout, sink, { tee: (chunk) => buffers.add(chunk.buffer) });
  await Promise.all([capture.done, child.exited]);
  const text = Buffer.concat(sink.kept).toString();
  assert.equal(text.length, seqOutput(400000).length);
  assert.ok(text === seqOutput(400000), 'every byte once, in order');
  assert.ok(sink.refusals > 5, `the sink refused ${sink.refusals} times and reading resumed each time`);
  assert.equal(buffers.size, 1, 'every chunk is a view of the one shared buffer');
});

test('a chunk read before anyone listens is kept and handed over first, then reading goes on', async (t) => {
  const pool = new PipePool({ dir: tempDir(t), spare: 2 });
  t.after(() => pool.close());
  const ends = await pool.take();
  assert.ok(ends);
  const reader = sharedBufferReader(ends.read);
  writeSync(ends.write, 'early\n');
  // The data is in the pipe before this turn's poll phase, which reads it; setImmediate runs after it.
  await new Promise((resolve) => setImmediate(resolve));
  const seen: string[] = [];
  const ended = new Promise((resolve) => reader.once('end', resolve));
  assert.equal(
    onChunks(reader, (chunk) => seen.push(chunk.toString()) > 0),
    true,
  );
  assert.deepEqual(seen, ['early\n'], 'the early chunk is delivered while the listener attaches');
  writeSync(ends.write, 'late\n');
  closeSync(ends.write);
  await ended;
  assert.equal(seen.join(''), 'early\nlate\n');
  assert.throws(() => onChunks(reader, () => true), /one listener/);
});
