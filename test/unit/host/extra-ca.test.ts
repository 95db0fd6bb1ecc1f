import { test } from 'node:test';
import assert from 'node:assert/strict';
import { untrustedCertificates } from '../../../src/host/extra-ca.js';

const cert = (b64: string): string => `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----`;

test('only the certificates the image does not already trust are kept, whatever their line breaks', () => {
  const bundle = [cert('AAAA\nBBBB'), cert('PROXY'), cert('CCCC')].join('\n# comment\n');
  assert.equal(untrustedCertificates(bundle, [cert('AAAABBBB'), cert('CC\nCC')]), cert('PROXY'));
  assert.equal(
    untrustedCertificates(bundle, []),
    [cert('AAAA\nBBBB'), cert('PROXY'), cert('CCCC')].join('\n'),
  );
  assert.equal(untrustedCertificates('not a certificate', []), '');
});
