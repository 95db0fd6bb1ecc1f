import { test } from 'node:test';
import assert from 'node:assert/strict';
import { npmCli, npmEnv } from '../../../src/build/npm-command.js';

test("npm runs with the app's Node.js first on PATH, NODE_ENV=production unless set, headers when shipped", () => {
  const ctx = { nodeDir: '/n/v22', env: { PATH: '/usr/bin', KEEP: '1' }, npmCache: '/c/npm' };
  const env = npmEnv(ctx, true);
  assert.equal(env.PATH, '/n/v22/bin:/usr/bin');
  assert.equal(env.NODE_ENV, 'production');
  assert.equal(env.KEEP, '1');
  assert.equal(env.npm_config_cache, '/c/npm');
  assert.equal(env.npm_config_nodedir, '/n/v22');
  assert.equal(npmEnv({ ...ctx, env: { NODE_ENV: 'staging' } }, false).NODE_ENV, 'staging');
  assert.equal(npmEnv(ctx, false).npm_config_nodedir, undefined);
});

test('a Node.js without npm is refused by name', () => {
  assert.throws(() => npmCli('/nonexistent/v1.0.0'), { code: 'BUILD_NO_NPM', message: /has no npm/ });
});
