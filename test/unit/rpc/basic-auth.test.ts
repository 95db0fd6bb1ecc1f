// Basic auth as supervisord checks it: plain and {SHA} passwords, 401 and 400 outcomes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { basicAuthHeader, checkBasicAuth, passwordMatches } from '../../../src/rpc/basic-auth.js';

const sha = `{SHA}${createHash('sha1').update('pw').digest('hex')}`;
const rows: [string | undefined, string | null, string][] = [
  [basicAuthHeader('u', 'pw'), 'pw', 'ok'],
  [basicAuthHeader('u', 'pw'), sha, 'ok'],
  [basicAuthHeader('u', 'pw:with:colons'), 'pw:with:colons', 'ok'],
  [`basic ${Buffer.from('u:pw').toString('base64')}`, 'pw', 'ok'],
  [basicAuthHeader('u', 'bad'), 'pw', '401'],
  [basicAuthHeader('v', 'pw'), 'pw', '401'],
  [basicAuthHeader('u', 'pw'), null, '401'],
  [undefined, 'pw', '401'],
  ['Digest abc', 'pw', '401'],
  [`Basic ${Buffer.from('u').toString('base64')}`, '', '401'],
  ['Basic !!!notbase64', 'pw', '400'],
];

test('checkBasicAuth outcomes', () => {
  for (const [header, password, expected] of rows) {
    const outcome = checkBasicAuth(header, { username: 'u', password });
    assert.equal(outcome.ok ? 'ok' : String(outcome.status), expected, `${header} / ${password}`);
  }
  assert.deepEqual(checkBasicAuth(undefined, null), { ok: true, username: null });
});

test('passwordMatches accepts upper-case SHA digests too', () => {
  assert.ok(passwordMatches(sha.toUpperCase().replace('{SHA}', '{SHA}'), 'pw'));
  assert.ok(!passwordMatches(sha, 'pW'));
});
