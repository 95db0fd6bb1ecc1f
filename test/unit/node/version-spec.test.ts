import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOpen, parseVersionSpec } from '../../../src/node/version-spec.js';

// [specifier, kind, extra]
const ROWS: [string, string, string?][] = [
  ['lts/*', 'lts'],
  ['LTS/*', 'lts'],
  ['lts', 'lts'],
  ['lts/iron', 'lts-codename', 'iron'],
  ['lts/Jod', 'lts-codename', 'jod'],
  ['lts/-1', 'lts-back', '1'],
  ['lts/-12', 'lts-back', '12'],
  ['node', 'latest'],
  ['stable', 'latest'],
  ['current', 'latest'],
  ['latest', 'latest'],
  ['*', 'latest'],
  [' 22 ', 'range'],
  ['v22.11.0', 'range'],
  ['>=18 <21', 'range'],
];

test('specifier rows', () => {
  for (const [input, kind, extra] of ROWS) {
    const spec = parseVersionSpec(input);
    assert.equal(spec.kind, kind, input);
    if (spec.kind === 'lts-codename') assert.equal(spec.codename, extra);
    if (spec.kind === 'lts-back') assert.equal(spec.back, Number(extra));
  }
});

test('exact versions are not open; everything else is', () => {
  assert.equal(isOpen(parseVersionSpec('22.11.0')), false);
  assert.equal(isOpen(parseVersionSpec('v22.11.0')), false);
  assert.equal(isOpen(parseVersionSpec('22.11.0+build')), false);
  assert.equal(isOpen(parseVersionSpec('22.11.0-rc.1')), true);
  assert.equal(isOpen(parseVersionSpec('lts/-1')), true);
  assert.equal(isOpen(parseVersionSpec('22.11')), true);
  assert.equal(isOpen(parseVersionSpec('lts/*')), true);
});

test('bad specifiers fail with NODE_VERSION_SPEC', () => {
  for (const bad of ['', '   ', 'lts/', 'lts/-0', 'lts/-x', 'lts/1', 'system', 'iojs-v3', 'x.20', '020']) {
    assert.throws(
      () => parseVersionSpec(bad),
      (err: { code?: string }) => err.code === 'NODE_VERSION_SPEC',
      bad,
    );
  }
});
