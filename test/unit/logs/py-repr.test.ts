// Python's reprs, checked against what python3 prints for the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodedOrUndecodable, pyBytesRepr, pyStrRepr } from '../../../src/logs/py-repr.js';

test('pyBytesRepr matches repr(bytes)', () => {
  const rows: [number[] | string, string][] = [
    [[0x88, 0x0a], "b'\\x88\\n'"],
    ["it's", 'b"it\'s"'],
    ['a"b\'c', "b'a\"b\\'c'"],
    [[0x5c, 0x09, 0x0d, 0x7f, 0x00], "b'\\\\\\t\\r\\x7f\\x00'"],
    ['READY\n', "b'READY\\n'"],
    ['', "b''"],
  ];
  for (const [input, expected] of rows) {
    const data = typeof input === 'string' ? Buffer.from(input, 'latin1') : Uint8Array.from(input);
    assert.equal(pyBytesRepr(data), expected, expected);
  }
});

test('pyStrRepr matches repr(str)', () => {
  assert.equal(pyStrRepr('web'), "'web'");
  assert.equal(pyStrRepr("o'k"), '"o\'k"');
  assert.equal(pyStrRepr('a"b\'c'), "'a\"b\\'c'");
  assert.equal(pyStrRepr('caf\u00e9\u0001'), "'caf\u00e9\\x01'");
});

test('decodedOrUndecodable: UTF-8 as text, anything else as supervisord words it', () => {
  assert.equal(decodedOrUndecodable(Buffer.from('héllo\n')), 'héllo\n');
  assert.equal(decodedOrUndecodable(Uint8Array.from([0x88, 0x0a])), "Undecodable: b'\\x88\\n'");
  // A character split across two reads is undecodable in each, as in supervisord.
  assert.equal(decodedOrUndecodable(Buffer.from('é').subarray(0, 1)), "Undecodable: b'\\xc3'");
});
