// Encoder tests: the exact layout Python writes, escaping, and decode(encode(v)) round trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeFault,
  encodeMethodCall,
  encodeMethodResponse,
  escapeText,
} from '../../../src/rpc/xmlrpc-encode.js';
import { decodeMethodCall, decodeMethodResponse } from '../../../src/rpc/xmlrpc-decode.js';
import type { XmlRpcValue } from '../../../src/rpc/xmlrpc-value.js';

test('a fault has the layout xmlrpc.client writes', () => {
  assert.equal(
    encodeFault(10, 'BAD_NAME: foo'),
    '<?xml version="1.0"?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n' +
      '<value><int>10</int></value>\n</member>\n<member>\n<name>faultString</name>\n' +
      '<value><string>BAD_NAME: foo</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n',
  );
});

const escapes: [string, string][] = [
  ['plain', 'plain'],
  ['a<b>&c', 'a&lt;b&gt;&amp;c'],
  ['line\r\n', 'line&#13;\n'],
  ['\x1b[31m', '&#27;[31m'],
  ['tab\tok', 'tab\tok'],
  ['nul\0', 'nul\ufffd'],
  ['lone\ud800', 'lone\ufffd'],
  ['pair\u{1F600}', 'pair\u{1F600}'],
];

test('escapes text so it reads back', () => {
  for (const [input, expected] of escapes) assert.equal(escapeText(input), expected, JSON.stringify(input));
});

test('numbers: int32 as <int>, others as <double>; NaN refused', () => {
  assert.match(encodeMethodResponse(5), /<int>5<\/int>/);
  assert.match(encodeMethodResponse(2 ** 31), /<double>2147483648\.0<\/double>/);
  assert.match(encodeMethodResponse(0.1), /<double>0\.1<\/double>/);
  assert.throws(() => encodeMethodResponse(NaN), { code: 'RPC_BAD_XML' });
  const cyclic: XmlRpcValue[] = [];
  cyclic.push(cyclic);
  assert.throws(() => encodeMethodResponse(cyclic), { code: 'RPC_BAD_XML' });
});

const samples: XmlRpcValue[] = [
  0,
  -1,
  2147483647,
  -2147483648,
  1.5,
  -1e300,
  2 ** 40,
  true,
  false,
  '',
  'x',
  ' spaced\t\n',
  'a\r\nb\rc',
  '<&>"\'',
  '\u00e9\u4e2d\u{1F600}',
  '\x01\x1f',
  new Date(Date.UTC(1999, 11, 31, 23, 59, 59)),
  new Uint8Array([0, 255, 10]),
  null,
  [],
  {},
  [1, [2, [3, {}]]],
  { a: 1, b: { c: [null, 'd'] }, '': 'empty name', __proto__x: 1 },
];

test('round trip: decode(encode(v)) equals v for responses and calls', () => {
  for (const value of samples) {
    assert.deepEqual(decodeMethodResponse(encodeMethodResponse(value)), { kind: 'response', value });
  }
  assert.deepEqual(decodeMethodCall(encodeMethodCall('system.multicall', samples)), {
    methodName: 'system.multicall',
    params: samples,
  });
  assert.deepEqual(decodeMethodResponse(encodeFault(2, 'INCORRECT_PARAMETERS: <x>')), {
    kind: 'fault',
    faultCode: 2,
    faultString: 'INCORRECT_PARAMETERS: <x>',
  });
});

test('round trip property over random values', () => {
  let seed = 12345;
  const random = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const chars = 'ab<>&;\r\n\t \u00e9\u4e2d\x07';
  const gen = (depth: number): XmlRpcValue => {
    const r = Math.floor(random() * (depth > 3 ? 7 : 9));
    switch (r) {
      case 0:
        return Math.floor(random() * 2 ** 32) - 2 ** 31;
      case 1:
        return (random() - 0.5) * 1e6;
      case 2:
        return random() < 0.5;
      case 3:
        return Array.from(
          { length: Math.floor(random() * 12) },
          () => chars[Math.floor(random() * chars.length)],
        ).join('');
      case 4:
        return new Date(Math.floor((random() * 4e12) / 1000) * 1000);
      case 5:
        return new Uint8Array(
          Array.from({ length: Math.floor(random() * 9) }, () => Math.floor(random() * 256)),
        );
      case 6:
        return null;
      case 7:
        return Array.from({ length: Math.floor(random() * 4) }, () => gen(depth + 1));
      default:
        return Object.fromEntries(
          Array.from({ length: Math.floor(random() * 4) }, (_, i) => [`k${i}`, gen(depth + 1)]),
        );
    }
  };
  for (let i = 0; i < 2000; i++) {
    const value = gen(0);
    assert.deepEqual(decodeMethodResponse(encodeMethodResponse(value)), { kind: 'response', value });
  }
});
