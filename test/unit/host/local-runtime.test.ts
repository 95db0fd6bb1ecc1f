import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readlinkSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  hostNodePrefix,
  linkHostNode,
  localAppEnv,
  prepareRuntimeDir,
  renderLocalConfs,
  shellWord,
  supervisorEnv,
  type LocalConfs,
} from '../../../src/host/local-runtime.js';
import { volumePaths } from '../../../src/host/volume-layout.js';
import { workspace } from '../../../src/host/workspace.js';
import { tempDir } from '../../helpers/temp-dir.js';

const ws = workspace('/srv/p');
const CONFS: LocalConfs = {
  runtime: ws.runtime('web'),
  volume: volumePaths('/srv/p/.modulus/volumes/web'),
  install: {
    cli: '/opt/modulus/dist/modulus.js',
    packageRoot: '/opt/modulus',
    startScript: '/opt/modulus/images/run-node/start',
  },
  preinstalledNode: ws.preinstalledNode,
  port: 3000,
  user: null,
  env: [
    ['GREETING', 'hi'],
    ['MODULUS_MNT', '/elsewhere'],
  ],
};

test('shell words are quoted only when they must be', () => {
  assert.equal(shellWord('/usr/bin/node'), '/usr/bin/node');
  assert.equal(shellWord('/opt/my app/x'), "'/opt/my app/x'");
  assert.equal(shellWord("it's"), "'it'\\''s'");
});

test("the app's environment: the CLI, the volume and the host's Node.js, then the user's values", () => {
  assert.deepEqual(localAppEnv(CONFS, { NODEJS_ORG_MIRROR: 'http://mirror.local/dist' }), [
    ['MODULUS_CLI', '/opt/modulus/dist/modulus.js'],
    ['MODULUS_MNT', '/srv/p/.modulus/volumes/web'],
    ['MODULUS_NODE_PREINSTALLED_DIR', '/srv/p/.modulus/node'],
    ['MODULUS_NODE_PREINSTALLED_NAME', "this host's Node.js"],
    ['NODEJS_ORG_MIRROR', 'http://mirror.local/dist'],
    ['GREETING', 'hi'],
    ['MODULUS_MNT', '/elsewhere'],
  ]);
  assert.equal(localAppEnv(CONFS, {}).length, 6);
});

test('both configs point at the runtime dir, the volume and this package', () => {
  const { global, app } = renderLocalConfs(CONFS);
  assert.match(global, /^file=\/srv\/p\/\.modulus\/run\/web\/supervisor\.sock$/m);
  assert.match(global, /^files=\/srv\/p\/\.modulus\/volumes\/web\/supervisor\.conf$/m);
  // The notifier runs inside our supervisor, writing into the volume.
  assert.match(global, /^\[modulus:notify\]\ndir=\/srv\/p\/\.modulus\/volumes\/web\/notifications$/m);
  assert.doesNotMatch(global, /program_user/);
  assert.match(app, /^command=\/opt\/modulus\/images\/run-node\/start$/m);
  assert.doesNotMatch(app, /^user=/m);
  assert.match(app, /PORT="?3000/);
  assert.match(renderLocalConfs({ ...CONFS, user: 'mop' }).app, /^user=mop$/m);
});

test('the supervisor gets PATH, locale and proxies from our environment, nothing else', () => {
  assert.deepEqual(
    supervisorEnv(
      {
        PATH: '/bin',
        LANG: 'C.UTF-8',
        LC_ALL: 'C',
        HTTPS_PROXY: 'p',
        SECRET: 'x',
        HOME: '/root',
        TZ: 'UTC',
      },
      '/opt/node/bin/node',
    ),
    { PATH: '/opt/node/bin:/bin', LANG: 'C.UTF-8', LC_ALL: 'C', HTTPS_PROXY: 'p', TZ: 'UTC' },
  );
});

test("the Node.js running us comes first on the supervisor's PATH, once", () => {
  assert.equal(
    supervisorEnv({ PATH: '/usr/bin:/opt/node/bin' }, '/opt/node/bin/node').PATH,
    '/opt/node/bin:/usr/bin',
  );
  assert.equal(supervisorEnv({}, '/opt/node/bin/node').PATH, '/opt/node/bin:/usr/local/bin:/usr/bin:/bin');
});

test('the runtime dir is 0700 under searchable parents; the host Node.js link is replaced in place', (t) => {
  const local = workspace(tempDir(t));
  const runtime = local.runtime('web');
  prepareRuntimeDir(runtime);
  assert.equal(statSync(runtime.dir).mode & 0o777, 0o700);
  assert.equal(statSync(local.root).mode & 0o005, 0o005);
  const link = linkHostNode(local.preinstalledNode, 'v1.2.3');
  assert.equal(link, join(local.preinstalledNode, 'v1.2.3'));
  assert.equal(readlinkSync(link), hostNodePrefix());
  linkHostNode(local.preinstalledNode, 'v1.2.3');
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(hostNodePrefix('/usr/local/bin/node'), '/usr/local');
  const deep = workspace(`/${'d'.repeat(120)}`).runtime('web');
  assert.throws(() => prepareRuntimeDir(deep), { code: 'RUN_SOCKET_PATH' });
});
