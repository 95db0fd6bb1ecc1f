import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, formatVersion, parseVersion } from '../../../src/node/version.js';

test('parseVersion, formatVersion and compareVersions', () => {
  assert.deepEqual(parseVersion('v22.11.0'), [22, 11, 0]);
  assert.deepEqual(parseVersion('22.11.0'), [22, 11, 0]);
  assert.equal(parseVersion('22.11'), undefined);
  assert.equal(parseVersion('v22.11.0-rc.1'), undefined);
  assert.equal(formatVersion([22, 11, 0]), 'v22.11.0');
  assert.ok(compareVersions(parseVersion('20.10.0')!, parseVersion('20.9.9')!) > 0);
  assert.equal(compareVersions(parseVersion('20.1.0')!, parseVersion('v20.1.0')!), 0);
});
