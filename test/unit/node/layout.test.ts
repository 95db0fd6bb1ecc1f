import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeLayout } from '../../../src/node/layout.js';

test('the layout follows MODULUS_MNT and MODULUS_NODE_PREINSTALLED_DIR', () => {
  const def = nodeLayout({});
  assert.equal(def.appRoot, '/mnt/app');
  assert.equal(def.cachedVersion('v22.1.0'), '/mnt/home/.modulus/node/v22.1.0');
  assert.equal(def.preinstalledVersion('v22.1.0'), '/opt/modulus/node/v22.1.0');
  const t = nodeLayout({ MODULUS_MNT: '/tmp/v', MODULUS_NODE_PREINSTALLED_DIR: '/tmp/img' });
  assert.equal(t.appRoot, '/tmp/v/app');
  assert.equal(t.home, '/tmp/v/home');
  assert.equal(t.indexCache, '/tmp/v/home/.modulus/node/index.json');
  assert.equal(t.resolvedRecord, '/tmp/v/home/.modulus/node/resolved.json');
  assert.equal(t.preinstalledVersion('v1.2.3'), '/tmp/img/v1.2.3');
  assert.ok(t.staging('v1.2.3').startsWith('/tmp/v/home/.modulus/node/.staging-v1.2.3-'));
  assert.notEqual(t.staging('a'), t.staging('b'));
});
