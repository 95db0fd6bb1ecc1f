import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TailBuffer } from '../../../src/logs/tail-buffer.js';

// [options, chunks pushed, expected lines]
const CASES: Array<[{ maxLines?: number; maxBytes?: number }, string[], string[]]> = [
  [{}, [], []],
  [{}, ['a\nb\n'], ['a', 'b']],
  [{}, ['a\nb'], ['a', 'b']],
  [{ maxLines: 2 }, ['1\n2\n3\n'], ['2', '3']],
  [{ maxLines: 2 }, ['1\n', '2\n', '3'], ['2', '3']],
  [{ maxBytes: 6 }, ['aaa\nbbb\nccc\n'], ['ccc']],
  [{ maxBytes: 6 }, ['aaa\n', 'bbb\n', 'cc\n'], ['cc']],
  [{ maxBytes: 4 }, ['0123456789'], ['6789']],
  [{ maxBytes: 8 }, ['012345\nab\n'], ['ab']],
  [{ maxBytes: 7 }, ['xx\n', 'yyyy\n'], ['yyyy']],
  [{}, ['\n\n'], ['', '']],
  [{ maxBytes: 1 }, ['\n'], ['']],
];

for (const [options, chunks, expected] of CASES) {
  test(`TailBuffer ${JSON.stringify(options)} after ${JSON.stringify(chunks)}`, () => {
    const tail = new TailBuffer(options);
    for (const c of chunks) tail.push(Buffer.from(c));
    assert.deepEqual(tail.lines(), expected);
  });
}

test('keeps a bounded copy under a flood of small pushes', () => {
  const tail = new TailBuffer({ maxLines: 3, maxBytes: 64 });
  for (let i = 0; i < 10_000; i++) tail.push(Buffer.from(`line ${i}\n`));
  assert.deepEqual(tail.lines(), ['line 9997', 'line 9998', 'line 9999']);
  assert.ok(tail.bytes().length <= 64);
  tail.clear();
  assert.deepEqual(tail.lines(), []);
});

test('text() keeps the trailing newline', () => {
  const tail = new TailBuffer();
  tail.push(Buffer.from('a\nb\n'));
  assert.equal(tail.text(), 'a\nb\n');
});
