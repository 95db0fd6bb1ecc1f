// Fixture tables for the INI lexer: Python 3 RawConfigParser as supervisord configures it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyRawConfig, lexIni } from '../../../src/config/lexer.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

function lex(text: string) {
  const raw = emptyRawConfig();
  lexIni(text, '/etc/sv.conf', raw);
  const out: Record<string, Record<string, string>> = {};
  for (const [name, section] of raw.sections) {
    out[name] = Object.fromEntries([...section.entries].map(([k, e]) => [k, e.value]));
  }
  return { out, raw };
}

test('lexIni reads values the way RawConfigParser does', () => {
  const rows: [string, Record<string, Record<string, string>>][] = [
    ['[a]\nk=v', { a: { k: 'v' } }],
    ['[a]\nk: v', { a: { k: 'v' } }],
    ['[a]\n  Key  =  spaced value  ', { a: { key: 'spaced value' } }],
    ['[a]\nk=v ; comment', { a: { k: 'v' } }],
    ['[a]\nk=v # comment', { a: { k: 'v' } }],
    ['[a]\nk=v;not a comment', { a: { k: 'v;not a comment' } }],
    ['[a]\nk=bash -c "a ; b"', { a: { k: 'bash -c "a' } }],
    ['; top\n# top\n[a]\n;k=1\n  # indented comment\nk=2', { a: { k: '2' } }],
    ['[a]\nk=line1\n  line2\n\tline3', { a: { k: 'line1\nline2\nline3' } }],
    ['[a]\nk=line1\n\n  line3\n\n', { a: { k: 'line1\n\nline3' } }],
    ['[a]\nk=\n  A="1",\n  B="2"', { a: { k: '\nA="1",\nB="2"' } }],
    ['[a]\nk=v\n  other=x', { a: { k: 'v\nother=x' } }],
    ['[a]\n  k=v\n  j=w', { a: { k: 'v', j: 'w' } }],
    ['[a]\nk=a:b=c', { a: { k: 'a:b=c' } }],
    ['[a]\nk:a=b', { a: { k: 'a=b' } }],
    ['[a]\nk=', { a: { k: '' } }],
    ['[Program:X]\nk=v', { 'Program:X': { k: 'v' } }],
    ['[a]\nk=1\n[b]\nk=2\n[a]\nj=3', { a: { k: '1', j: '3' }, b: { k: '2' } }],
    ['[a]\nk=1\nk=2', { a: { k: '2' } }],
    ['\uFEFF[a]\r\nk=v\r\n', { a: { k: 'v' } }],
    ['[a]\rk=v', { a: { k: 'v' } }],
  ];
  for (const [input, expected] of rows) assert.deepEqual(lex(input).out, expected, JSON.stringify(input));
});

test('lexIni records file and line for every key', () => {
  const { raw } = lex('[a]\n\nk=v\n  more\nj=w');
  const a = raw.sections.get('a');
  assert.deepEqual(a?.origin, { file: '/etc/sv.conf', line: 1 });
  assert.deepEqual(a?.entries.get('k')?.origin, { file: '/etc/sv.conf', line: 3 });
  assert.deepEqual(a?.entries.get('j')?.origin, { file: '/etc/sv.conf', line: 5 });
});

test('[DEFAULT] keys are kept apart, as fallbacks', () => {
  const { raw, out } = lex('[DEFAULT]\nx=1\n[a]\nk=v');
  assert.equal(raw.defaults.get('x')?.value, '1');
  assert.deepEqual(out, { a: { k: 'v' } });
});

test('duplicates are merged like supervisord (strict=False) and reported as warnings', () => {
  const { raw } = lex('[a]\nk=1\nk=2\n[a]\nj=3');
  assert.equal(raw.warnings.length, 2);
  assert.match(raw.warnings[0]?.message ?? '', /^\/etc\/sv\.conf:3 \[a\] k: set again/);
});

test('syntax errors name file and line', () => {
  const rows: [string, number][] = [
    ['k=v\n[a]', 1],
    ['[a]\nk=v\njust words', 3],
    ['[a]\n=v', 2],
    ['[]\n', 1],
  ];
  for (const [input, line] of rows) {
    assert.throws(
      () => lex(input),
      (err) =>
        isModulusError(err) &&
        err.code === 'CONFIG_SYNTAX' &&
        err.message.startsWith(`/etc/sv.conf:${line} `),
      JSON.stringify(input),
    );
  }
});
