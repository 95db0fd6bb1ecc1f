import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKey, installKey, type InstallInputs } from '../../../src/build/build-key.js';

const base: InstallInputs = {
  lockfile: '{"lockfileVersion":3}',
  manifest: '{"scripts":{"start":"node a"},"dependencies":{"x":"1"}}',
  args: ['ci'],
  nodeVersion: 'v22.1.0',
  platform: 'linux-x64',
};

test('the install key follows the lockfile, the Node.js version and platform, not the scripts', () => {
  const k = installKey(base);
  assert.equal(installKey({ ...base, manifest: '{"scripts":{"start":"node b"},"dependencies":{"x":"1"}}' }), k);
  for (const change of [{ lockfile: '{}' }, { nodeVersion: 'v24.0.0' }, { platform: 'linux-arm64' }, { args: ['install'] }])
    assert.notEqual(installKey({ ...base, ...change }), k, JSON.stringify(change));
});

test('without a lockfile the dependency fields of package.json are the key', () => {
  const bare = { ...base, lockfile: undefined };
  const k = installKey(bare);
  assert.equal(installKey({ ...bare, manifest: '{"dependencies":{"x":"1"},"scripts":{}}' }), k);
  assert.notEqual(installKey({ ...bare, manifest: '{"dependencies":{"x":"2"}}' }), k);
});

test('the build key changes with any source file and with the install', () => {
  const files = [{ path: 'a.ts', size: 1, mtimeMs: 1000, mode: 0o644 }];
  const k = buildKey('i', files, ['build']);
  assert.equal(buildKey('i', [...files], ['build']), k);
  assert.notEqual(buildKey('j', files, ['build']), k);
  assert.notEqual(buildKey('i', [{ ...files[0]!, mtimeMs: 2000 }], ['build']), k);
  assert.notEqual(buildKey('i', [...files, { path: 'b.ts', size: 1, mtimeMs: 1, mode: 0o644 }], ['build']), k);
});
