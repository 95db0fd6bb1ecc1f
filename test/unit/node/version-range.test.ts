import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactVersion, parseRange, rangeFloor, satisfies } from '../../../src/node/version-range.js';
import { parseVersion, type Version } from '../../../src/node/version.js';

const v = (s: string): Version => parseVersion(s)!;

// [range, version, satisfies?], written from node-semver's documented range grammar (its README:
// primitives, hyphen ranges, x-ranges, tilde, caret, prerelease tags, || and space) for the
// release versions Node.js has.
const GRAMMAR: [string, string, boolean][] = [
  // primitive comparators, and spaces between an operator and its version
  ['>1.2.3', '1.2.4', true],
  ['>1.2.3', '1.2.3', false],
  ['>=1.2.3', '1.2.3', true],
  ['<1.2.3', '1.2.2', true],
  ['<1.2.3', '1.2.3', false],
  ['<=1.2.3', '1.2.3', true],
  ['=1.2.3', '1.2.3', true],
  ['=1.2.3', '1.2.4', false],
  ['>= 18', '18.0.0', true],
  ['>=1.2.7 <1.3.0', '1.2.8', true],
  ['>=1.2.7 <1.3.0', '1.2.6', false],
  ['>=1.2.7 <1.3.0', '1.3.0', false],
  ['1.2.7 || >=1.2.9 <2.0.0', '1.2.7', true],
  ['1.2.7 || >=1.2.9 <2.0.0', '1.2.8', false],
  ['1.2.7 || >=1.2.9 <2.0.0', '1.4.6', true],
  ['1.2.7 || >=1.2.9 <2.0.0', '2.0.0', false],
  // prerelease and build tags: release versions compare above their prereleases; build is ignored
  ['>1.2.3-alpha.3', '1.2.3', true],
  ['>1.2.3-alpha.3', '3.4.5', true],
  ['>=20.0.0-0', '20.0.0', true],
  ['>=20.0.0-0', '19.9.9', false],
  ['<21.0.0-0', '20.99.0', true],
  ['<21.0.0-0', '21.0.0', false],
  ['^18.0.0-rc.1', '18.0.0', true],
  ['^18.0.0-rc.1', '18.20.4', true],
  ['^18.0.0-rc.1', '19.0.0', false],
  ['^18.0.0-rc.1', '17.9.1', false],
  ['~1.2.3-beta.2', '1.2.3', true],
  ['~1.2.3-beta.2', '1.3.0', false],
  ['22.1.0+build', '22.1.0', true],
  ['22.1.0+build.5', '22.1.1', false],
  ['>=22.1.0+build', '22.2.0', true],
  // hyphen ranges: a partial low end fills zeros, a partial high end allows its whole tail
  ['1.2.3 - 2.3.4', '2.3.4', true],
  ['1.2.3 - 2.3.4', '2.3.5', false],
  ['1.2.3 - 2.3.4', '1.2.2', false],
  ['1.2 - 2.3.4', '1.2.0', true],
  ['1.2.3 - 2.3', '2.3.9', true],
  ['1.2.3 - 2.3', '2.4.0', false],
  ['1.2.3 - 2', '2.9.9', true],
  ['1.2.3 - 2', '3.0.0', false],
  // x-ranges
  ['*', '0.0.0', true],
  ['*', '26.3.1', true],
  ['x', '4.0.0', true],
  ['1.x', '1.0.0', true],
  ['1.x', '2.0.0', false],
  ['1.2.x', '1.2.9', true],
  ['1.2.x', '1.3.0', false],
  ['1.2.*', '1.2.0', true],
  ['1.X', '1.9.9', true],
  ['1', '1.99.0', true],
  ['1', '2.0.0', false],
  ['1.2', '1.2.5', true],
  ['1.2', '1.3.0', false],
  ['>1', '2.0.0', true],
  ['>1', '1.9.9', false],
  ['<=1.2', '1.2.99', true],
  ['<=1.2', '1.3.0', false],
  ['>*', '0.0.0', false],
  // tilde: patch changes if a minor is given, else minor changes
  ['~1.2.3', '1.2.9', true],
  ['~1.2.3', '1.3.0', false],
  ['~1.2.3', '1.2.2', false],
  ['~1.2', '1.2.0', true],
  ['~1.2', '1.3.0', false],
  ['~1', '1.9.0', true],
  ['~1', '2.0.0', false],
  ['~0.2.3', '0.2.9', true],
  ['~0.2.3', '0.3.0', false],
  ['~0', '0.9.9', true],
  ['~0', '1.0.0', false],
  ['~>22.1', '22.1.9', true],
  // caret: the leftmost non-zero part is fixed
  ['^1.2.3', '1.9.9', true],
  ['^1.2.3', '2.0.0', false],
  ['^1.2.3', '1.2.2', false],
  ['^0.2.3', '0.2.9', true],
  ['^0.2.3', '0.3.0', false],
  ['^0.0.3', '0.0.3', true],
  ['^0.0.3', '0.0.4', false],
  ['^1.2.x', '1.9.0', true],
  ['^1.2.x', '1.1.9', false],
  ['^0.0.x', '0.0.9', true],
  ['^0.0.x', '0.1.0', false],
  ['^0.0', '0.0.5', true],
  ['^0.0', '0.1.0', false],
  ['^1.x', '1.0.0', true],
  ['^1.x', '2.0.0', false],
  ['^0.x', '0.9.0', true],
  ['^0.x', '1.0.0', false],
  // v and = prefixes, as engines fields write them
  ['v22.11.0', '22.11.0', true],
  ['=v22.11.0', '22.11.0', true],
  ['>=v18', '18.0.0', true],
  ['^18.12 || ^20.9 || >=22', '20.9.0', true],
  ['^18.12 || ^20.9 || >=22', '19.9.0', false],
  ['^18.12 || ^20.9 || >=22', '26.0.0', true],
];

test('node-semver grammar rows', () => {
  for (const [range, version, expected] of GRAMMAR) {
    assert.equal(satisfies(v(version), parseRange(range)), expected, `${version} in "${range}"`);
  }
});

// What node-semver calls invalid is refused (exit 4), never widened into "any version".
test('invalid ranges fail with NODE_VERSION_SPEC, naming the part npm does not accept', () => {
  const bad = ['x.20', '1.x.5', '>01.02.03', '020', '1.02', '20.1.2.3', 'twenty', '>=18 <abc', '^', '>=>18'];
  for (const range of [...bad, 'lts/iron', '1.2.3-', '1.2.3+']) {
    assert.throws(
      () => parseRange(range),
      (err: { code?: string; message: string }) =>
        err.code === 'NODE_VERSION_SPEC' && err.message.includes(`"${range}" is not a valid version range`),
      range,
    );
  }
  assert.throws(() => parseRange('>=18 x.20'), /"x\.20" is not a version or comparator npm accepts/);
});

test('exactVersion and rangeFloor', () => {
  assert.equal(exactVersion(parseRange('22.11.0')), 'v22.11.0');
  assert.equal(exactVersion(parseRange('=v22.11.0')), 'v22.11.0');
  assert.equal(exactVersion(parseRange('22.11.0+build')), 'v22.11.0');
  assert.equal(exactVersion(parseRange('22.11.0-rc.1')), undefined); // no release is a prerelease
  assert.equal(exactVersion(parseRange('22.11')), undefined);
  assert.equal(exactVersion(parseRange('^22.11.0')), undefined);
  assert.equal(exactVersion(parseRange('*')), undefined);
  assert.deepEqual(rangeFloor(parseRange('>=30 <31')), [30, 0, 0]);
  assert.deepEqual(rangeFloor(parseRange('^18.0.0-rc.1')), [18, 0, 0]);
  assert.deepEqual(rangeFloor(parseRange('<18')), [0, 0, 0]);
  assert.deepEqual(rangeFloor(parseRange('>*')), [0, 0, 0]);
});
