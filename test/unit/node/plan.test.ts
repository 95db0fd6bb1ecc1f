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
  const logs: string[] = [];
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
    log: (line: string) => void logs.push(line),
    platform: 'linux-x64',
  });
  return { mnt, image, fetched, logs, deps };
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

test('npm start in a nested package dir; no version asked means the newest the image ships', async (t) => {
  const { mnt, fetched, logs, deps } = volume(t, {
    'site/package.json': '{"name":"s","scripts":{"start":"node a.js"}}',
  });
  const plan = await makePlan(deps({}, false));
  assert.equal(plan.cwd, join(mnt, 'app', 'site'));
  assert.deepEqual(plan.argv, ['/bin/sh', '-c', 'exec node a.js']);
  assert.match(plan.env.PATH!, /v22\.2\.0\/bin:\/usr\/bin$/);
  assert.equal(plan.env.npm_package_name, 's');
  assert.equal(fetched.length, 0, 'no index fetched');
  assert.ok(
    logs.includes("Node.js v22.2.0 (no version requested: the image's preinstalled Node.js)"),
    logs.join('\n'),
  );
});

test('no version asked and nothing preinstalled: the newest LTS from the index, cached versions aside', async (t) => {
  const { mnt, fetched, logs, deps } = volume(t, { 'index.js': '' });
  const empty = join(mnt, 'empty-image');
  mkdirSync(empty);
  for (const v of ['v20.9.0', 'v22.2.0']) {
    const bin = join(mnt, 'home/.modulus/node', v, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'node'), '');
    chmodSync(join(bin, 'node'), 0o755);
  }
  const plan = await makePlan(deps({ MODULUS_NODE_PREINSTALLED_DIR: empty }));
  assert.match(plan.argv[0]!, /home\/\.modulus\/node\/v20\.9\.0\/bin\/node$/);
  assert.equal(fetched.length, 1);
  assert.ok(logs.includes('Node.js v20.9.0 (no version requested: newest LTS)'), logs.join('\n'));
});

test('the preinstalled default skips a record left by an earlier resolution', async (t) => {
  const { mnt, image, fetched, deps } = volume(t, { 'index.js': '' });
  const empty = join(mnt, 'empty-image');
  mkdirSync(empty);
  const bin = join(mnt, 'home/.modulus/node/v20.9.0/bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'node'), '');
  chmodSync(join(bin, 'node'), 0o755);
  assert.match((await makePlan(deps({ MODULUS_NODE_PREINSTALLED_DIR: empty }))).argv[0]!, /v20\.9\.0/);
  // The image now ships versions: the newest of them wins over the recorded v20.9.0.
  assert.equal((await makePlan(deps({}, false))).argv[0], join(image, 'v22.2.0', 'bin', 'node'));
  assert.equal(fetched.length, 1);
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

test('a record from before node-semver does not keep a range it calls invalid alive', async (t) => {
  const { mnt, deps } = volume(t, { 'index.js': '' });
  const spec = { MODULUS_CONFIG_ENGINES_NODE: 'x.20' };
  mkdirSync(join(mnt, 'home/.modulus/node'), { recursive: true });
  // What the hand-written parser recorded for "x.20" (any version): no grammar field.
  writeFileSync(
    join(mnt, 'home/.modulus/node/resolved.json'),
    JSON.stringify({
      spec: 'x.20',
      source: 'MODULUS_CONFIG_ENGINES_NODE',
      mirror: 'http://m.test/dist',
      platform: 'linux-x64',
      version: 'v22.2.0',
    }),
  );
  await assert.rejects(makePlan(deps(spec)), (err: { code?: string }) => err.code === 'NODE_VERSION_SPEC');
  // The same record with the grammar field would have been used as it is: only the grammar differs.
  const recorded = JSON.parse(readFileSync(join(mnt, 'home/.modulus/node/resolved.json'), 'utf8'));
  writeFileSync(
    join(mnt, 'home/.modulus/node/resolved.json'),
    JSON.stringify({ ...recorded, grammar: 'node-semver-7' }),
  );
  assert.match((await makePlan(deps(spec))).argv[0]!, /v22\.2\.0/);
  // A record this version wrote is trusted without parsing again (the same text parsed then).
  const ok = { MODULUS_CONFIG_ENGINES_NODE: '^20' };
  assert.match((await makePlan(deps(ok))).argv[0]!, /v20\.9\.0/);
  const logs: string[] = [];
  assert.match((await makePlan({ ...deps(ok), log: (l) => void logs.push(l) })).argv[0]!, /v20\.9\.0/);
  assert.match(logs.join('\n'), /same as the last start/);
});

test('a workspaces root without start is refused by name; MODULUS_APP_DIR starts the package it names', async (t) => {
  const { mnt, deps, logs } = volume(t, {
    'package.json': '{"workspaces":["packages/*"]}',
    'packages/web/package.json': '{"name":"web","scripts":{"start":"node web.js"}}',
  });
  await assert.rejects(makePlan(deps()), {
    code: 'NODE_WORKSPACE_ROOT',
    message: /its workspaces: web \(packages\/web\)/,
  });
  const plan = await makePlan(deps({ MODULUS_APP_DIR: 'packages/web' }));
  assert.equal(plan.cwd, join(mnt, 'app', 'packages', 'web'));
  assert.ok(logs.includes('MODULUS_APP_DIR=packages/web: starting the package there'));
});

test('two package.json files at the same depth: start says which one it uses and why', async (t) => {
  const { deps, logs } = volume(t, {
    'b/package.json': '{"main":"x.js"}',
    'b/x.js': '',
    'a/package.json': '{"main":"x.js"}',
    'a/x.js': '',
  });
  const plan = await makePlan(deps());
  assert.match(plan.cwd, /\/app\/a$/);
  assert.ok(
    logs.some((l) =>
      /warning: .*b\/package\.json is as shallow; using .*a\/package\.json, the first in name order/.test(l),
    ),
  );
});
