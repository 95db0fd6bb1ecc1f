import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOutStamp, readWorkState, removeOutStamp, writeOutStamp, writeWorkState } from '../../../src/build/build-state.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('state and stamp round-trip; unreadable or missing ones count as nothing built', (t) => {
  const dir = tempDir(t);
  const state = join(dir, 'state.json');
  assert.deepEqual(readWorkState(state), { sources: [], install: undefined, build: undefined });
  writeWorkState(state, { sources: ['a', 'b/c'], install: 'k' });
  assert.deepEqual(readWorkState(state), { sources: ['a', 'b/c'], install: 'k', build: undefined });
  writeFileSync(state, '{broken');
  assert.deepEqual(readWorkState(state).sources, []);
  const stamp = join(dir, '.modulus-build.json');
  assert.equal(readOutStamp(stamp), undefined);
  writeOutStamp(stamp, { install: 'k', node: 'v22.1.0' });
  assert.deepEqual(readOutStamp(stamp), { install: 'k', node: 'v22.1.0' });
  removeOutStamp(stamp);
  assert.equal(readOutStamp(stamp), undefined);
});
