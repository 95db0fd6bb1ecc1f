// Fixture table for environment= parsing (supervisord's shlex-based dict_of_key_value_pairs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyValuePairs, shlexTokens } from '../../../src/config/environment.js';

test('keyValuePairs matches supervisord', () => {
  const rows: [string, Record<string, string>][] = [
    ['', {}],
    ['A=1', { A: '1' }],
    ['KEY="a, b",K2=v', { KEY: 'a, b', K2: 'v' }],
    ['A=\'x y\',B="z"', { A: 'x y', B: 'z' }],
    [
      'HOME="/mnt/home",\n  TMPDIR="/mnt/tmp",\n  PATH="/usr/bin:/bin",',
      { HOME: '/mnt/home', TMPDIR: '/mnt/tmp', PATH: '/usr/bin:/bin' },
    ],
    ['A=/a/b.c+d-e(f):g', { A: '/a/b.c+d-e(f):g' }],
    ['URI="/first%20name"', { URI: '/first%20name' }],
    ['A=1;B=2', { A: '1', B: '2' }],
    ['A=x#comment\n,B=2', { A: 'x', B: '2' }],
    ['__proto__=1', JSON.parse('{"__proto__":"1"}') as Record<string, string>],
  ];
  for (const [input, expected] of rows) assert.deepEqual(keyValuePairs(input), expected, input);
});

test('keyValuePairs rejects malformed lists', () => {
  for (const input of ['A=1 B=2', 'A', 'A=', '=1', 'A="unclosed', 'A=1,B']) {
    assert.throws(() => keyValuePairs(input), Error, input);
  }
});

test('shlexTokens keeps quotes in tokens and lets them into words, as non-POSIX shlex does', () => {
  assert.deepEqual(shlexTokens('ab"c d"'), ['ab"c', 'd"']);
  assert.deepEqual(shlexTokens('x#y\nz'), ['xz']);
  assert.deepEqual(shlexTokens('K="a, b"'), ['K', '=', '"a, b"']);
});
