import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareVersions,
  isExact,
  parseRange,
  parseVersion,
  rangeFloor,
  satisfies,
  type Version,
} from '../../../src/node/version-range.js';

const v = (s: string): Version => parseVersion(s)!;

// [range, version, satisfies?]
const ROWS: [string, string, boolean][] = [
  ['>=18 <21', '20.11.0', true],
  ['>=18 <21', '21.0.0', false],
  ['>=18 <21', '17.9.1', false],
  ['>= 18', '18.0.0', true],
  ['^20.11', '20.11.0', true],
  ['^20.11', '20.19.0', true],
  ['^20.11', '20.10.9', false],
  ['^20.11', '21.0.0', false],
  ['^0.2.3', '0.2.9', true],
  ['^0.2.3', '0.3.0', false],
  ['^0.0.3', '0.0.4', false],
  ['^0', '0.9.0', true],
  ['^0', '1.0.0', false],
  ['20.x', '20.0.0', true],
  ['20.x', '20.99.1', true],
  ['20.x', '21.0.0', false],
  ['20.X.1', '20.5.0', true],
  ['20', '20.4.1', true],
  ['20.4', '20.4.9', true],
  ['20.4', '20.5.0', false],
  ['~22.1', '22.1.5', true],
  ['~22.1', '22.2.0', false],
  ['~22.1.3', '22.1.2', false],
  ['~22', '22.9.0', true],
  ['~>22.1', '22.1.9', true],
  ['18 || 22', '22.3.0', true],
  ['18 || 22', '20.3.0', false],
  ['^18.12 || ^20.9 || >=22', '20.9.0', true],
  ['^18.12 || ^20.9 || >=22', '19.9.0', false],
  ['^18.12 || ^20.9 || >=22', '26.0.0', true],
  ['22.11.0', '22.11.0', true],
  ['22.11.0', '22.11.1', false],
  ['v22.11.0', '22.11.0', true],
  ['=v22.11.0', '22.11.0', true],
  ['>20', '20.9.0', false],
  ['>20', '21.0.0', true],
  ['>20.1', '20.2.0', true],
  ['>20.1.0', '20.1.1', true],
  ['<=20', '20.99.0', true],
  ['<=20', '21.0.0', false],
  ['<=20.1.2', '20.1.2', true],
  ['<20', '19.99.0', true],
  ['<20', '20.0.0', false],
  ['18 - 20', '20.19.0', true],
  ['18 - 20', '21.0.0', false],
  ['18.2.1 - 20.1', '18.2.0', false],
  ['18.2.1 - 20.1', '20.1.7', true],
  ['*', '4.0.0', true],
  ['x', '26.0.0', true],
  ['>=16.0.0 <17.0.0 || >=18.0.0', '16.20.2', true],
  ['>*', '1.0.0', false],
];

test('range rows', () => {
  for (const [range, version, expected] of ROWS) {
    assert.equal(satisfies(v(version), parseRange(range)), expected, `${version} in "${range}"`);
  }
});

test('bad ranges fail with NODE_VERSION_SPEC', () => {
  for (const bad of ['twenty', '>=18 <abc', '20.1.2.3', '^', 'lts/iron', '>=>18']) {
    assert.throws(
      () => parseRange(bad),
      (err: { code?: string }) => err.code === 'NODE_VERSION_SPEC',
      bad,
    );
  }
});

test('parseVersion and compareVersions', () => {
  assert.deepEqual(parseVersion('v22.11.0'), [22, 11, 0]);
  assert.deepEqual(parseVersion('22.11.0'), [22, 11, 0]);
  assert.equal(parseVersion('22.11'), undefined);
  assert.ok(compareVersions(v('20.10.0'), v('20.9.9')) > 0);
  assert.equal(compareVersions(v('20.1.0'), v('v20.1.0')), 0);
});

test('isExact and rangeFloor', () => {
  assert.equal(isExact(parseRange('22.11.0')), true);
  assert.equal(isExact(parseRange('22.11')), false);
  assert.equal(isExact(parseRange('^22.11.0')), false);
  assert.deepEqual(rangeFloor(parseRange('>=30 <31')), [30, 0, 0]);
  assert.deepEqual(rangeFloor(parseRange('<18')), [0, 0, 0]);
});
