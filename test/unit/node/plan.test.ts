import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { makePlan, machinePlatform } from '../../../src/node/plan.js';

const INDEX = JSON.stringify([
  { version: 'v22.2.0', date: '2024-05-15', files: ['linux-x64'], lts: false },
  { version: 'v20.9.0', date: '2023-10-24', files: ['linux-x64'], lts: 'Iron' },
]);

/** A volume whose image ships v20.9.0 and v22.2.0 (fake node binaries), with the given app files. */
function volume(t: Parameters<typeof tempDir>[0], files: Record<string, string>) {
  const mnt = tempDir(t);
  const image = join(mnt, 'image');
  for (const v of ['v20.9.0', 'v22.2.0']) {
    mkdirSync(join(image, v, 'bin'), { recursive: true });
    writeFileSync(join(image, v, 'bin', 'node'), '');
    chmodSync(join(image, v, 'bin', 'node'), 0o755);
  }
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(mnt, 'app', name, '..'), { recursive: true });
    writeFileSync(join(mnt, 'app', name), text);
  }
  const fetched: string[] = [];
  const env = {
    MODULUS_MNT: mnt,
    MODULUS_NODE_PREINSTALLED_DIR: image,
    NODEJS_ORG_MIRROR: 'http://m.test/dist',
    PATH: '/usr/bin',
  };
  const deps = (extra: NodeJS.ProcessEnv = {}, online = true) => ({
    env: { ...env, ...extra },
    fetch: async (url: string) => {
      fetched.push(url);
      if (!online) throw new TypeError('fetch failed');
      return new Response(INDEX);
    },
    now: () => Date.parse('2024-06-01T00:00:00Z'),
    log: () => undefined,
    platform: 'linux-x64',
  });
  return { mnt, image, fetched, deps };
}

test('main file with EXEC_ARGS, version from package.json, node first on PATH', async (t) => {
  const { mnt, image, deps } = volume(t, {
    'package.json': '{"main":"srv.js","engines":{"node":"20"}}',
    'srv.js': '',
  });
  const plan = await makePlan(deps({ EXEC_ARGS: "--title 'a b'" }));
  assert.deepEqual(plan, {
    cwd: join(mnt, 'app'),
    env: { PATH: `${join(image, 'v20.9.0', 'bin')}:/usr/bin` },
    argv: [join(image, 'v20.9.0', 'bin', 'node'), '--title', 'a b', 'srv.js'],
    forwardSignals: false,
  });
  const record = JSON.parse(readFileSync(join(mnt, 'home/.modulus/node/resolved.json'), 'utf8'));
  assert.equal(record.version, 'v20.9.0');
});

test('npm start in a nested package dir; no version asked means the newest LTS', async (t) => {
  const { mnt, deps } = volume(t, { 'site/package.json': '{"name":"s","scripts":{"start":"node a.js"}}' });
  const plan = await makePlan(deps());
  assert.equal(plan.cwd, join(mnt, 'app', 'site'));
  assert.deepEqual(plan.argv, ['/bin/sh', '-c', 'exec node a.js']);
  assert.match(plan.env.PATH!, /v20\.9\.0\/bin:\/usr\/bin$/);
  assert.equal(plan.env.npm_package_name, 's');
});

test('same inputs reuse the recorded version with no network; changed inputs resolve again', async (t) => {
  const { mnt, fetched, deps } = volume(t, { 'index.js': '', '.nvmrc': 'node\n' });
  assert.match((await makePlan(deps())).argv[0]!, /v22\.2\.0/);
  assert.equal(fetched.length, 1);
  assert.match((await makePlan(deps({}, false))).argv[0]!, /v22\.2\.0/);
  assert.equal(fetched.length, 1);
  writeFileSync(join(mnt, 'app', '.nvmrc'), 'lts/iron\n');
  assert.match((await makePlan(deps())).argv[0]!, /v20\.9\.0/); // the index is cached: still no second fetch
  assert.equal(fetched.length, 1);
});

test('an exact installed version needs no index; offline ranges use what is installed', async (t) => {
  const { fetched, deps } = volume(t, { 'index.js': '' });
  assert.match(
    (await makePlan(deps({ MODULUS_CONFIG_ENGINES_NODE: 'v22.2.0' }, false))).argv[0]!,
    /v22\.2\.0/,
  );
  assert.equal(fetched.length, 0);
  assert.match(
    (await makePlan(deps({ MODULUS_CONFIG_ENGINES_NODE: '>=20 <22' }, false))).argv[0]!,
    /v20\.9\.0/,
  );
});

test('errors name their source', async (t) => {
  const { deps } = volume(t, { 'index.js': '', '.node-version': 'twenty\n' });
  await assert.rejects(
    makePlan(deps()),
    (err: { code?: string; message: string }) =>
      err.code === 'NODE_VERSION_SPEC' && err.message.includes('.node-version'),
  );
  const empty = volume(t, {});
  await assert.rejects(makePlan(empty.deps()), (err: { code?: string }) => err.code === 'NODE_NO_ENTRY');
});

test('machinePlatform names this machine as the tarballs do', () => {
  assert.match(machinePlatform(), /^linux-(x64|arm64|armv7l|ppc64le|s390x)$/);
});
