// Table tests and a seeded fuzz test for the XML-RPC decoder: every input either decodes or throws
// RPC_BAD_XML, never anything else, and never takes long.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMethodCall, decodeMethodResponse } from '../../../src/rpc/xmlrpc-decode.js';
import { encodeFault, encodeMethodCall, encodeMethodResponse } from '../../../src/rpc/xmlrpc-encode.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';
import type { XmlRpcValue } from '../../../src/rpc/xmlrpc-value.js';
import { seededRandom } from '../../helpers/prng.js';

const call = (params: string): string =>
  `<?xml version='1.0'?>\n<methodCall><methodName>m.x</methodName><params>${params}</params></methodCall>`;
const param = (value: string): string => call(`<param><value>${value}</value></param>`);

// Written by Python's xmlrpc.client.dumps(..., allow_none=True), byte for byte.
const PYTHON_CALL =
  "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.x</methodName>\n<params>\n<param>\n<value><int>1</int></value>\n</param>\n<param>\n<value><string>a&lt;b</string></value>\n</param>\n<param>\n<value><boolean>1</boolean></value>\n</param>\n<param>\n<value><array><data>\n<value><int>1</int></value>\n<value><int>2</int></value>\n</data></array></value>\n</param>\n<param>\n<value><struct>\n<member>\n<name>k</name>\n<value><nil/></value></member>\n</struct></value>\n</param>\n<param>\n<value><double>1.5</double></value>\n</param>\n<param>\n<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>\n</param>\n<param>\n<value><base64>\naGk=\n</base64></value>\n</param>\n</params>\n</methodCall>\n";
const PYTHON_FAULT =
  "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>10</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>BAD_NAME: foo</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n";

test('decodes a call written by Python xmlrpc.client', () => {
  assert.deepEqual(decodeMethodCall(PYTHON_CALL), {
    methodName: 'supervisor.x',
    params: [
      1,
      'a<b',
      true,
      [1, 2],
      { k: null },
      1.5,
      new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      new Uint8Array([104, 105]),
    ],
  });
});

test('decodes responses and faults', () => {
  assert.deepEqual(decodeMethodResponse(PYTHON_FAULT), {
    kind: 'fault',
    faultCode: 10,
    faultString: 'BAD_NAME: foo',
  });
  const ok =
    "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>ok</string></value>\n</param>\n</params>\n</methodResponse>\n";
  assert.deepEqual(decodeMethodResponse(ok), { kind: 'response', value: 'ok' });
});

const values: [string, XmlRpcValue][] = [
  ['<int>42</int>', 42],
  ['<i4> -7 </i4>', -7],
  ['<int>+3</int>', 3],
  ['<int>2147483647</int>', 2147483647],
  ['<int>-2147483648</int>', -2147483648],
  ['<boolean>0</boolean>', false],
  ['<string></string>', ''],
  ['<string/>', ''],
  ['bare text', 'bare text'],
  ['', ''],
  ['  spaced  ', '  spaced  '],
  ['<string> keep  spaces </string>', ' keep  spaces '],
  ['<double>-0.5e3</double>', -500],
  ['<double>.25</double>', 0.25],
  ['<dateTime.iso8601>2024-01-02T03:04:05</dateTime.iso8601>', new Date(Date.UTC(2024, 0, 2, 3, 4, 5))],
  ['<base64></base64>', new Uint8Array([])],
  ['<nil/>', null],
  ['<array><data/></array>', []],
  ['<struct/>', {}],
  [
    '<struct><member><name>a</name><value>1</value></member><member><name>a</name><value>2</value></member></struct>',
    { a: '2' },
  ],
];

test('decodes each value type', () => {
  for (const [xml, expected] of values)
    assert.deepEqual(decodeMethodCall(param(xml)).params, [expected], xml);
});

const badValues: [string, string][] = [
  ['<int>2147483648</int>', 'int overflow'],
  ['<int>-2147483649</int>', 'int underflow'],
  ['<int>1.0</int>', 'fractional int'],
  ['<int></int>', 'empty int'],
  ['<boolean>true</boolean>', 'boolean word'],
  ['<double>nan</double>', 'nan'],
  ['<double>1e999</double>', 'infinite double'],
  ['<dateTime.iso8601>20241302T00:00:00</dateTime.iso8601>', 'month 13'],
  ['<dateTime.iso8601>yesterday</dateTime.iso8601>', 'words'],
  ['<base64>!!!</base64>', 'bad base64'],
  ['<nil>x</nil>', 'non-empty nil'],
  ['<array><value>1</value></array>', 'array without data'],
  ['<struct><member><value>1</value></member></struct>', 'member without name'],
  ['<struct>text</struct>', 'text in struct'],
  ['<int>1</int><int>2</int>', 'two types in a value'],
  ['<float>1</float>', 'unknown type'],
  ['<i8>1</i8>', 'i8 is not accepted'],
];

test('rejects bad values with RPC_BAD_XML', () => {
  for (const [xml, why] of badValues) {
    assert.throws(() => decodeMethodCall(param(xml)), { code: 'RPC_BAD_XML' }, why);
  }
});

test('rejects calls without a method name and wrong roots', () => {
  for (const body of [
    '<methodCall><params/></methodCall>',
    '<methodCall><methodName></methodName></methodCall>',
    '<methodResponse><params/></methodResponse>',
    '<methodCall><methodName>a</methodName><extra/></methodCall>',
  ]) {
    assert.throws(() => decodeMethodCall(body), { code: 'RPC_BAD_XML' }, body);
  }
  assert.deepEqual(decodeMethodCall('<methodCall><methodName>a.b</methodName></methodCall>'), {
    methodName: 'a.b',
    params: [],
  });
});

test('bounds value nesting and body size', () => {
  const nested = (n: number): string =>
    '<array><data><value>'.repeat(n) + '1' + '</value></data></array>'.repeat(n);
  assert.doesNotThrow(() => decodeMethodCall(param(nested(60))));
  assert.throws(() => decodeMethodCall(param(nested(70))), { code: 'RPC_BAD_XML' });
  assert.throws(() => decodeMethodCall(param('x'.repeat(2000)), { maxBytes: 1000, maxValueDepth: 8 }), {
    code: 'RPC_BAD_XML',
  });
});

test('struct member __proto__ is plain data', () => {
  const [s] = decodeMethodCall(
    param('<struct><member><name>__proto__</name><value>x</value></member></struct>'),
  ).params;
  assert.equal(Object.getPrototypeOf(s), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(s, '__proto__')?.value, 'x');
});

const TOKENS = [
  '<',
  '>',
  '/',
  '</',
  '/>',
  '&',
  ';',
  '&amp;',
  '&#',
  '&#x',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?',
  '?>',
  '<!DOCTYPE',
  '<value>',
  '</value>',
  '<int>',
  '</int>',
  '<struct>',
  '</struct>',
  '<member>',
  '</member>',
  '<name>',
  '</name>',
  '<array>',
  '</array>',
  '<data>',
  '</data>',
  '<params>',
  '</params>',
  '<param>',
  '</param>',
  '<nil/>',
  '<base64>',
  '<boolean>',
  '<double>',
  '<string>',
  '"',
  "'",
  '=',
  ' ',
  '\n',
  '\0',
  '\ud800',
  'é',
  '1',
  '-',
  'x',
  'methodName',
];

test('fuzz: random and mutated documents decode or throw RPC_BAD_XML only', () => {
  const random = seededRandom(0x5eed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const seeds = [
    PYTHON_CALL,
    PYTHON_FAULT,
    encodeMethodCall('a.b', [{ x: [1, 'two', null, { y: new Date(0) }] }]),
    encodeMethodResponse([1.5, true, new Uint8Array([1, 2, 3])]),
    encodeFault(70, 'NOT_RUNNING'),
  ];
  const started = Date.now();
  let decoded = 0;
  for (let i = 0; i < 6000; i++) {
    let doc: string;
    if (i % 3 === 0) {
      doc = Array.from({ length: 1 + Math.floor(random() * 40) }, () => pick(TOKENS)).join('');
    } else {
      doc = pick(seeds);
      for (let m = 0, n = 1 + Math.floor(random() * 6); m < n; m++) {
        const at = Math.floor(random() * (doc.length + 1));
        const kind = random();
        if (kind < 0.4) doc = doc.slice(0, at) + doc.slice(at + 1 + Math.floor(random() * 8));
        else if (kind < 0.8) doc = doc.slice(0, at) + pick(TOKENS) + doc.slice(at);
        else doc = doc.slice(0, at) + doc.slice(at, at + 30) + doc.slice(at);
      }
    }
    const input = i % 2 === 0 ? doc : Buffer.from(doc, 'latin1');
    for (const decode of [decodeMethodCall, decodeMethodResponse]) {
      try {
        decode(input);
        decoded++;
      } catch (err) {
        if (!isModulusError(err) || err.code !== 'RPC_BAD_XML') {
          assert.fail(`case ${i} threw ${String(err)} for ${JSON.stringify(doc)}`);
        }
      }
    }
  }
  assert.ok(decoded > 0, 'some mutated documents should still decode');
  assert.ok(Date.now() - started < 5000, `fuzzing took ${Date.now() - started} ms`);
});

test('a struct decodes the same whether its members take the one-step path or the token path', () => {
  const members = [
    '<member><name>a</name><value><string>x y</string></value></member>',
    '\n<member>\n<name>b</name>\n<value><int> 42 </int></value>\n</member>',
    '<member><name>c</name><value><i4>-1</i4></value></member>',
    '<member><name>d</name><value>bare</value></member>',
    '<member><name>e</name><value></value></member>',
    '<member><name>f</name><value><string/></value></member>',
    '<member><name>__proto__</name><value><string>p</string></value></member>',
    '<member><name>g</name><value><boolean>1</boolean></value></member>',
  ];
  // A comment in each member keeps it off the one-step path; a reference does too.
  const slow = members.map((m) =>
    m.replace('<member>', '<member><!-- -->').replace('<name>a', '<name>&#97;'),
  );
  const fast = decodeMethodCall(param(`<struct>${members.join('')}</struct>`)).params;
  assert.deepEqual(fast, decodeMethodCall(param(`<struct>${slow.join('')}</struct>`)).params);
  const [s] = fast as [Record<string, unknown>];
  assert.equal(Object.getPrototypeOf(s), Object.prototype);
  assert.equal(Object.getOwnPropertyDescriptor(s, '__proto__')?.value, 'p');
  assert.deepEqual(
    { ...s },
    { a: 'x y', b: 42, c: -1, d: 'bare', e: '', f: '', ['__proto__']: 'p', g: true },
  );
  for (const bad of [
    '<member><name>a</name><value><int>x</int></value></member>',
    '<member><name>a</name><value><int>1</i4></value></member>',
    '<member><name>a</name><value>1</value>x</member>',
    '<member><name>a</name><value><string>\0</string></value></member>',
  ]) {
    assert.throws(() => decodeMethodCall(param(`<struct>${bad}</struct>`)), { code: 'RPC_BAD_XML' }, bad);
  }
});

test('bounds element depth on the one-step member path too', () => {
  const body = param('<struct><member><name>a</name><value><int>1</int></value></member></struct>');
  // methodCall, params, param, value, struct: the member needs three more levels.
  assert.throws(() => decodeMethodCall(body, { maxBytes: 1e6, maxValueDepth: 0 }), { code: 'RPC_BAD_XML' });
  assert.deepEqual(decodeMethodCall(body, { maxBytes: 1e6, maxValueDepth: 1 }).params, [{ a: 1 }]);
});
