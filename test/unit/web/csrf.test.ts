// The page's cross-site defences as pure decisions: tokens bound to the server and the user, the
// Origin and Fetch-Metadata checks for actions, and the Host check against DNS rebinding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CsrfTokens, sameOrigin, trustedHost } from '../../../src/web/csrf.js';

test('a token verifies for the user it was issued to, on the server that issued it', () => {
  const tokens = new CsrfTokens();
  const token = tokens.issue('alice');
  assert.equal(tokens.verify(token, 'alice'), true);
  assert.equal(tokens.verify(token, 'bob'), false);
  assert.equal(tokens.verify(token, null), false);
  assert.equal(new CsrfTokens().verify(token, 'alice'), false);
  assert.notEqual(tokens.issue('alice'), token, 'every page gets its own token');
});

test('malformed and tampered tokens are refused', () => {
  const tokens = new CsrfTokens();
  const token = tokens.issue(null);
  const [nonce, mac] = token.split('.') as [string, string];
  const flipped = `${nonce}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
  for (const bad of [
    undefined,
    '',
    'x',
    `${nonce}.`,
    `.${mac}`,
    flipped,
    `${token}x`,
    `${nonce}.${mac}.${mac}`,
  ]) {
    assert.equal(tokens.verify(bad, null), false, String(bad));
  }
});

const hosts: [string | undefined, boolean][] = [
  ['127.0.0.1:9001', true],
  ['127.0.0.1', true],
  ['[::1]:9001', true],
  ['localhost:9001', true],
  ['LOCALHOST', true],
  ['10.1.2.3:80', true],
  ['app.example:9001', true],
  ['evil.example:9001', false],
  ['127.0.0.1.evil.example', false],
  ['', false],
  [undefined, false],
  ['a b', false],
  ['[::1', false],
];
for (const [host, ok] of hosts) {
  test(`Host ${JSON.stringify(host)} is ${ok ? 'trusted' : 'refused'}`, () => {
    assert.equal(trustedHost(host, ['app.example']), ok);
  });
}

const origins: [string | undefined, string | undefined, string | undefined, boolean][] = [
  ['http://127.0.0.1:9001', '127.0.0.1:9001', 'same-origin', true],
  ['http://127.0.0.1:9001', '127.0.0.1:9001', undefined, true],
  ['https://127.0.0.1:9001', '127.0.0.1:9001', undefined, true],
  ['http://127.0.0.1:9002', '127.0.0.1:9001', undefined, false],
  ['http://evil.example', '127.0.0.1:9001', 'cross-site', false],
  ['http://127.0.0.1:9001', '127.0.0.1:9001', 'cross-site', false],
  ['http://127.0.0.1:9001', '127.0.0.1:9001', 'same-site', false],
  ['null', '127.0.0.1:9001', undefined, false],
  [undefined, '127.0.0.1:9001', 'same-origin', false],
  ['file:///x', '127.0.0.1:9001', undefined, false],
];
for (const [origin, host, secFetchSite, ok] of origins) {
  test(`an action from Origin ${origin} to Host ${host} (Sec-Fetch-Site ${secFetchSite}) is ${ok ? 'allowed' : 'refused'}`, () => {
    assert.equal(sameOrigin({ origin, host, secFetchSite }), ok);
  });
}
