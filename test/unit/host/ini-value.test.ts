import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand } from '../../../src/config/expand.js';
import { emptyRawConfig, lexIni } from '../../../src/config/lexer.js';
import {
  EMPTY_EXPANSION,
  breaksKeyLine,
  environmentToken,
  escapePercent,
  iniValue,
  layOutLines,
  unwritable,
} from '../../../src/host/ini-value.js';

/** What the lexer and the expansion make of `key=<written>`. */
function readBack(written: string): string {
  const raw = emptyRawConfig();
  lexIni(`[s]\nkey=${written}\nnext=1\n`, 'x.conf', raw);
  return expand(raw.sections.get('s')!.entries.get('key')!.value, { program_name: 'p' });
}

const ONE_LINE: Array<[string, string]> = [
  ['plain', 'start'],
  ['percent', '100% %(x)s %%'],
  ['space before ;', 'a ;b'],
  ['tab before #', 'a\t#b'],
  ['leading space', '  lead'],
  ['trailing space', 'trail  '],
  ['only spaces', '   '],
  ['no-break space before ;', 'a\u00a0;b'],
  ['python-only whitespace at the end', 'a\x1c'],
  ['semicolon without space', 'a;b#c'],
];

for (const [name, value] of ONE_LINE) {
  test(`iniValue keeps a one-line value: ${name}`, () => {
    assert.equal(readBack(iniValue(value)), value);
  });
}

const MULTI_LINE: Array<[string, string]> = [
  ['two lines', 'a\nb'],
  ['blank line inside', 'a\n\nb'],
  ['indented second line', 'a\n   b'],
  ['trailing space before the break', 'a  \nb'],
  ['comment markers at line starts', 'a\n;b\n#c'],
  ['ends with a break', 'a\n'],
  ['ends with two breaks', 'a\n\n'],
  ['only breaks', '\n\n\n'],
];

for (const [name, value] of MULTI_LINE) {
  test(`layOutLines keeps a multi-line value: ${name}`, () => {
    assert.equal(readBack(layOutLines(escapePercent(value))), value);
  });
}

test('EMPTY_EXPANSION expands to nothing', () => {
  assert.equal(expand(`a${EMPTY_EXPANSION}b`, { program_name: 'web' }), 'ab');
});

test('iniValue refuses line breaks and what no file can carry', () => {
  for (const value of ['a\nb', 'a\rb', 'a\0b', 'a\u2028b', '\ud800']) {
    assert.throws(() => iniValue(value), Error, JSON.stringify(value));
  }
});

test('unwritable names NUL, carriage return and lone surrogates, and passes pairs', () => {
  assert.match(unwritable('\0')!, /NUL/);
  assert.match(unwritable('\r')!, /carriage return/);
  assert.match(unwritable('x\udc00')!, /surrogate/);
  assert.equal(unwritable('😀 é'), undefined);
});

const TOKENS: Array<[string, string]> = [
  ['', '""'],
  ['a, b', '"a, b"'],
  ['say "hi"!', `'say "hi"!'`],
  [`it's`, `"it's"`],
  [`a'b"c`, `a'b"c`],
];

for (const [value, token] of TOKENS) {
  test(`environmentToken ${JSON.stringify(value)} -> ${token}`, () => {
    assert.equal(environmentToken(value), token);
  });
}

test('environmentToken refuses quotes at the edges and both quotes with spaces', () => {
  for (const value of [`"x`, `x'`, `'`, `a 'b" c`]) {
    assert.throws(() => environmentToken(value), /quote/, value);
  }
});

test('breaksKeyLine looks at the first line only', () => {
  assert.equal(breaksKeyLine('"a\u2028b"'), true);
  assert.equal(breaksKeyLine('"a\n\u2028b"'), false);
});
