// Tests for the value helpers: struct recognition and own-property members.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isXmlRpcStruct, setMember, type XmlRpcStruct } from '../../../src/rpc/xmlrpc-value.js';

test('isXmlRpcStruct tells structs from other objects', () => {
  const rows: [Parameters<typeof isXmlRpcStruct>[0], boolean][] = [
    [{}, true],
    [{ a: 1 }, true],
    [[], false],
    [new Date(0), false],
    [new Uint8Array(1), false],
    [null, false],
    ['s', false],
    [1, false],
    [undefined, false],
  ];
  for (const [value, expected] of rows) assert.equal(isXmlRpcStruct(value), expected, String(value));
});

test('setMember defines __proto__ as data', () => {
  const s: XmlRpcStruct = {};
  setMember(s, '__proto__', 1);
  assert.equal(Object.getPrototypeOf(s), Object.prototype);
  assert.deepEqual(Object.keys(s), ['__proto__']);
});
