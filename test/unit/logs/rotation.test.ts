import { test } from 'node:test';
import assert from 'node:assert/strict';
import { advance, cutPoint, type FileLineState } from '../../../src/logs/rotation.js';

// [what, file state, maxbytes, chunk, expected cut]
const CUTS: Array<[string, FileLineState, number, string, number | null]> = [
  ['fits', { size: 0, openLine: 0 }, 10, 'abc\n', null],
  ['fills the file exactly', { size: 6, openLine: 0 }, 10, 'abc\n', null],
  ['maxbytes 0 never rotates', { size: 1e9, openLine: 0 }, 0, 'abc\n', null],
  ['cuts after the last whole line that fits', { size: 4, openLine: 0 }, 10, 'aa\nbbbb\ncc\n', 3],
  ['rotates first when the next line does not fit', { size: 8, openLine: 0 }, 10, 'abcd\n', 0],
  ['rotates first for an unfinished line that does not fit', { size: 8, openLine: 0 }, 10, 'abcd', 0],
  [
    'splits only a line longer than maxbytes, in an empty file',
    { size: 0, openLine: 0 },
    10,
    '0123456789abc\n',
    10,
  ],
  ['splits a long unfinished line too', { size: 0, openLine: 0 }, 10, '0123456789abc', 10],
  ['finishes an open line past maxbytes, then cuts', { size: 8, openLine: 3 }, 10, 'xy\nnext\n', 3],
  ['finishes an open line ending the chunk exactly', { size: 8, openLine: 3 }, 10, 'xyz\n', 4],
  ['keeps an open line that is not over-long', { size: 8, openLine: 3 }, 10, 'xyz', null],
  ['fills the file when the open line becomes over-long', { size: 8, openLine: 8 }, 10, 'xyz\n', 2],
  [
    'rotates at once when the over-long line already filled the file',
    { size: 10, openLine: 10 },
    10,
    'x\n',
    0,
  ],
  [
    'finishes the open line, then takes whole lines that fit',
    { size: 4, openLine: 2 },
    10,
    'a\nbb\ncccccc\n',
    5,
  ],
  ['an existing file over maxbytes rotates before the next line', { size: 15, openLine: 0 }, 10, 'a\n', 0],
];

for (const [what, file, maxbytes, chunk, expected] of CUTS) {
  test(`cutPoint: ${what}`, () => {
    assert.equal(cutPoint(file, maxbytes, Buffer.from(chunk)), expected);
  });
}

// [file state, written, expected state]
const ADVANCES: Array<[FileLineState, string, FileLineState]> = [
  [{ size: 0, openLine: 0 }, '', { size: 0, openLine: 0 }],
  [{ size: 0, openLine: 0 }, 'ab', { size: 2, openLine: 2 }],
  [{ size: 2, openLine: 2 }, 'c\nd', { size: 5, openLine: 1 }],
  [{ size: 5, openLine: 1 }, '\n', { size: 6, openLine: 0 }],
  [{ size: 6, openLine: 0 }, 'x\ny\n', { size: 10, openLine: 0 }],
];

for (const [file, written, expected] of ADVANCES) {
  test(`advance: ${JSON.stringify(file)} + ${JSON.stringify(written)}`, () => {
    assert.deepEqual(advance(file, Buffer.from(written)), expected);
  });
}

test('cutting a stream by cutPoint keeps every file within maxbytes and every short line whole', () => {
  const maxbytes = 64;
  const lines = Array.from({ length: 500 }, (_, i) => 'x'.repeat((i * 7) % 50) + '\n').join('');
  const input = Buffer.from(lines + 'y'.repeat(200) + '\n');
  const files: Buffer[] = [];
  let current: Buffer[] = [];
  let state: FileLineState = { size: 0, openLine: 0 };
  for (let off = 0; off < input.length; off += 13) {
    let chunk = input.subarray(off, off + 13);
    while (chunk.length > 0) {
      const at = cutPoint(state, maxbytes, chunk);
      const part = at === null ? chunk : chunk.subarray(0, at);
      current.push(part);
      state = advance(state, part);
      if (at === null) break;
      files.push(Buffer.concat(current));
      current = [];
      state = { size: 0, openLine: 0 };
      chunk = chunk.subarray(at);
    }
  }
  files.push(Buffer.concat(current));
  assert.deepEqual(Buffer.concat(files), input);
  let cut = 0;
  for (const f of files.slice(0, -1)) {
    cut += f.length;
    const lineStart = input.lastIndexOf(0x0a, cut - 1) + 1;
    const lineEnd = input.indexOf(0x0a, cut);
    const lineLength = lineEnd - lineStart + 1;
    const atBoundary = input[cut - 1] === 0x0a;
    assert.ok(atBoundary || lineLength > maxbytes, `cut at ${cut} splits a line of ${lineLength} bytes`);
    // Past maxbytes only by finishing a line the file started.
    const lastLineStart = f.lastIndexOf(0x0a, f.length - 2) + 1;
    assert.ok(f.length <= maxbytes || lastLineStart < maxbytes, `file of ${f.length} bytes`);
  }
});
