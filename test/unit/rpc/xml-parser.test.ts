// Table tests for the strict XML parser: what it accepts, what it rejects, and the limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml, XmlScanner, type XmlElement } from '../../../src/rpc/xml-parser.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

function simplify(e: XmlElement): unknown {
  return [e.name, ...e.children.map((c) => (typeof c === 'string' ? c : simplify(c)))];
}

const accepted: [string, unknown][] = [
  ['<a/>', ['a']],
  ['<a></a>', ['a']],
  ['<?xml version="1.0"?><a>x</a>', ['a', 'x']],
  ["<?xml version='1.0' encoding='UTF-8'?>\n<a>x</a>\n", ['a', 'x']],
  ['\ufeff<a>x</a>', ['a', 'x']],
  ['<a>&lt;&gt;&amp;&quot;&apos;</a>', ['a', '<>&"\'']],
  ['<a>&#65;&#x42;&#x1F600;</a>', ['a', 'AB\u{1F600}']],
  ['<a><![CDATA[<b>&amp;]]></a>', ['a', '<b>&amp;']],
  ['<a>x<!-- c -->y</a>', ['a', 'xy']],
  ['<!-- lead --><a/><!-- tail -->', ['a']],
  ['<a b="1" c=\'2\'><d/></a>', ['a', ['d']]],
  ['<a>one\r\ntwo\rthree</a>', ['a', 'one\ntwo\nthree']],
  ['<a>&#13;</a>', ['a', '\r']],
  ['<a >  <b />  </a >', ['a', '  ', ['b'], '  ']],
  ['<dateTime.iso8601>x</dateTime.iso8601>', ['dateTime.iso8601', 'x']],
  ['<a>\u00e9\u4e2d</a>', ['a', '\u00e9\u4e2d']],
];

const rejected: [string, string][] = [
  ['', 'empty'],
  ['text', 'no root'],
  ['<a>', 'unclosed'],
  ['<a></b>', 'mismatched end tag'],
  ['<a/><b/>', 'two roots'],
  ['<a/>trailing', 'text after root'],
  ['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', 'DOCTYPE'],
  ['<a><!ENTITY x "y"></a>', 'declaration inside'],
  ['<a>&x;</a>', 'unknown entity'],
  ['<a>&amp</a>', 'entity without semicolon'],
  ['<a>a & b</a>', 'bare ampersand'],
  ['<a>&#0;</a>', 'NUL reference'],
  ['<a>&#xD800;</a>', 'surrogate reference'],
  ['<a>&#x110000;</a>', 'reference beyond Unicode'],
  ['<a>&#xZZ;</a>', 'bad hex reference'],
  ['<a>\0</a>', 'raw NUL'],
  ['<a b="1" b="2"/>', 'duplicate attribute'],
  ['<a b=1/>', 'unquoted attribute'],
  ['<a b="<"/>', '< in attribute'],
  ['<a b="1"c="2"/>', 'no space between attributes'],
  ['<a><![CDATA[x</a>', 'unterminated CDATA'],
  ['<a><!-- x</a>', 'unterminated comment'],
  ['<?xml version="1.0" encoding="ISO-8859-1"?><a/>', 'other encoding'],
  ['<a/><?xml version="1.0"?>', 'late declaration'],
  ['<1a/>', 'bad name'],
  ['</a>', 'end tag first'],
];

test('accepts well-formed documents', () => {
  for (const [input, expected] of accepted) assert.deepEqual(simplify(parseXml(input)), expected, input);
});

test('rejects malformed documents with RPC_BAD_XML', () => {
  for (const [input, why] of rejected) {
    assert.throws(
      () => parseXml(input),
      (err) => isModulusError(err) && err.code === 'RPC_BAD_XML',
      why,
    );
  }
});

test('rejects invalid UTF-8 bytes', () => {
  assert.throws(() => parseXml(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e])), {
    code: 'RPC_BAD_XML',
  });
});

test('bounds depth without recursion and length', () => {
  const deep = '<a>'.repeat(300) + '</a>'.repeat(300);
  assert.throws(() => parseXml(deep), { code: 'RPC_BAD_XML' });
  assert.equal(parseXml(deep, { maxDepth: 400, maxLength: 1e6 }).name, 'a');
  const veryDeep = '<a>'.repeat(200_000);
  assert.throws(() => parseXml(veryDeep, { maxDepth: 1e9, maxLength: 1e7 }), { code: 'RPC_BAD_XML' });
  assert.throws(() => parseXml('<a>' + 'x'.repeat(100) + '</a>', { maxDepth: 10, maxLength: 50 }), {
    code: 'RPC_BAD_XML',
  });
});

test('attributes are decoded and __proto__ stays data', () => {
  const el = parseXml('<a x="&lt;1&gt;" __proto__="p"/>');
  assert.equal(el.attributes.x, '<1>');
  assert.equal(Object.getOwnPropertyDescriptor(el.attributes, '__proto__')?.value, 'p');
});

test('the scanner yields start, end and text tokens; a self-closing tag yields start then end', () => {
  const xml = new XmlScanner('<a>x<b/><!-- c -->y<![CDATA[z]]></a>');
  const tokens: string[] = [];
  for (let t = xml.next(); t !== 'eof'; t = xml.next())
    tokens.push(t === 'text' ? `"${xml.text}"` : `${t}:${xml.name}`);
  assert.deepEqual(tokens, ['start:a', '"x"', 'start:b', 'end:b', '"y"', '"z"', 'end:a']);
});

test('nextTag skips whitespace-only text but returns other text', () => {
  const xml = new XmlScanner('<a>\n <b/> x <c/></a>');
  assert.equal(xml.next(), 'start');
  assert.equal(xml.nextTag(), 'start');
  assert.equal(xml.name, 'b');
  assert.equal(xml.nextTag(), 'end');
  assert.equal(xml.nextTag(), 'text');
  assert.equal(xml.text, ' x ');
});

test('matchHere moves past a match and refuses when the depth limit could be passed', () => {
  const pattern = /<b>[^<&\r]*<\/b>/y;
  const xml = new XmlScanner('<a><b>1</b><b>2</b></a>', { maxDepth: 2, maxLength: 100 });
  assert.equal(xml.next(), 'start');
  assert.equal(xml.matchHere(pattern, 1)?.[0], '<b>1</b>');
  assert.equal(xml.matchHere(pattern, 2), null);
  assert.equal(xml.next(), 'start');
  assert.equal(xml.name, 'b');
});

test('NUL is rejected anywhere, comments included', () => {
  assert.throws(() => parseXml('<a><!-- \0 --></a>'), { code: 'RPC_BAD_XML' });
});
