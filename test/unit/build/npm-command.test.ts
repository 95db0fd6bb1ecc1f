import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corepackCli, corepackEnv, npmCli, npmEnv } from '../../../src/build/npm-command.js';

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

test("corepack's managers get their caches beside npm's, no prompt, no pin, node_modules; the user's settings win", () => {
  const env = corepackEnv({ PATH: '/usr/bin' }, '/c/npm');
  assert.equal(env.COREPACK_HOME, '/c/corepack');
  assert.equal(env.npm_config_store_dir, '/c/pnpm-store');
  assert.equal(env.YARN_CACHE_FOLDER, '/c/yarn');
  assert.equal(env.COREPACK_ENABLE_DOWNLOAD_PROMPT, '0');
  assert.equal(env.COREPACK_ENABLE_AUTO_PIN, '0');
  assert.equal(env.COREPACK_NPM_REGISTRY, 'https://registry.npmjs.org');
  assert.equal(env.YARN_NODE_LINKER, 'node-modules');
  const own = corepackEnv({ npm_config_registry: 'https://npm.example/', YARN_NODE_LINKER: 'pnpm' }, '/c/npm');
  assert.equal(own.COREPACK_NPM_REGISTRY, 'https://npm.example/');
  assert.equal(own.YARN_NODE_LINKER, 'pnpm');
});

test('a Node.js without corepack (25 and later) is refused for pnpm and yarn, saying what to do', () => {
  assert.throws(() => corepackCli('/nonexistent/v25.0.0', 'v25.0.0', 'pnpm'), {
    code: 'BUILD_NO_COREPACK',
    message: /Node\.js v25\.0\.0 ships no corepack.*pnpm/,
  });
});
