// Each way `modulus start` must refuse to run an app, with its exit code and message on stderr:
// nothing to start, an unsatisfiable version, and every broken mirror and cache.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMirror } from '../../fixtures/mirror/build-mirror.js';
import {
  closedPortUrl,
  serveMirror,
  type MirrorVariant,
  type ServedMirror,
} from '../../fixtures/mirror/serve-mirror.js';
import { runApp, volumeWithApp } from '../../fixtures/apps/harness.js';
import { runCli } from '../../helpers/run-cli.js';

let mirror: ServedMirror;
const NO_IMAGE = '/nonexistent/modulus-image-node';

before(async () => {
  mirror = await serveMirror(buildMirror());
});
after(() => mirror?.close());

const env = (variant: MirrorVariant, extra: NodeJS.ProcessEnv = {}) => ({
  NODEJS_ORG_MIRROR: mirror.url(variant),
  MODULUS_NODE_PREINSTALLED_DIR: NO_IMAGE,
  ...extra,
});

function nothingInstalled(mnt: string): void {
  const cache = join(mnt, 'home', '.modulus', 'node');
  const left = existsSync(cache)
    ? readdirSync(cache).filter((n) => n.startsWith('v') || n.startsWith('.staging'))
    : [];
  assert.deepEqual(left, [], 'no version and no staging dir left behind');
}

test('nothing to start: exit 3, and the message lists what was looked for', async (t) => {
  const r = await runApp(t, volumeWithApp(t, 'nothing'), env('good'));
  assert.equal(r.code, 3);
  assert.match(
    r.stderr,
    /nothing to start in .*: looked for package\.json scripts\.start, main \(missing\.js\), index\.js, app\.js, server\.js, main\.js/,
  );
});

test('an unsatisfiable range: exit 5, naming the nearest versions', async (t) => {
  const r = await runApp(t, volumeWithApp(t, 'unsatisfiable'), env('good'));
  assert.equal(r.code, 5);
  assert.match(r.stderr, /no Node\.js version satisfies ">=99"/);
  assert.match(r.stderr, /v22\.23\.5, v20\.18\.1/);
});

test('a bad specifier: exit 4, naming the file it came from', async (t) => {
  const mnt = volumeWithApp(t, 'no-package');
  writeFileSync(join(mnt, 'app', '.nvmrc'), 'twenty-two\n');
  const r = await runApp(t, mnt, env('good'));
  assert.equal(r.code, 4);
  assert.match(r.stderr, /\.nvmrc: "twenty-two" is not a valid version range/);
});

test('a range node-semver calls invalid is refused with exit 4, not widened to any version', async (t) => {
  const r = await runApp(t, volumeWithApp(t, 'main-field'), {
    ...env('good'),
    MODULUS_CONFIG_ENGINES_NODE: 'x.20',
  });
  assert.equal(r.code, 4, r.stderr);
  assert.match(r.stderr, /MODULUS_CONFIG_ENGINES_NODE: "x\.20" is not a valid version range/);
});

const BROKEN: [MirrorVariant, number, RegExp][] = [
  [
    'wrong-checksum',
    8,
    /node-v22\.23\.5-linux-x64\.tar\.gz has SHA-256 [0-9a-f]{64}, but SHASUMS256\.txt says 0{64}/,
  ],
  ['missing-line', 8, /SHASUMS256\.txt has no line for node-v22\.23\.5-linux-x64\.tar\.gz/],
  ['malformed-shasums', 8, /SHASUMS256\.txt:2: expected "<sha256 hex> {2}<file>"/],
  ['truncated', 9, /the Node\.js archive is damaged or unsafe/],
];

for (const [variant, code, message] of BROKEN) {
  test(`mirror with ${variant}: exit ${code}, nothing installed`, async (t) => {
    const mnt = volumeWithApp(t, 'main-field');
    const r = await runApp(t, mnt, env(variant));
    assert.equal(r.code, code, r.stderr);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stdout, /PROBE/);
    nothingInstalled(mnt);
  });
}

test('mirror down: a range cannot be resolved (exit 6), an exact version cannot be downloaded (exit 7)', async (t) => {
  const down = await closedPortUrl();
  const ranged = await runApp(t, volumeWithApp(t, 'main-field'), { ...env('good'), NODEJS_ORG_MIRROR: down });
  assert.equal(ranged.code, 6, ranged.stderr);
  assert.match(ranged.stdout, /warning: cannot reach http:\/\/127\.0\.0\.1:\d+\/dist\/index\.json/);
  const exact = await runApp(t, volumeWithApp(t, 'main-field'), {
    ...env('good', { MODULUS_CONFIG_ENGINES_NODE: '22.23.5' }),
    NODEJS_ORG_MIRROR: down,
  });
  assert.equal(exact.code, 7, exact.stderr);
  assert.match(exact.stderr, /cannot reach http:\/\/127\.0\.0\.1:\d+\/dist\/v22\.23\.5\/SHASUMS256\.txt/);
});

test('credentials in NODEJS_ORG_MIRROR never reach the output', async (t) => {
  const url = mirror.url('wrong-checksum').replace('http://', 'http://deploy:s3cr3t@');
  const r = await runApp(t, volumeWithApp(t, 'main-field'), { ...env('good'), NODEJS_ORG_MIRROR: url });
  assert.equal(r.code, 8);
  assert.doesNotMatch(r.stdout + r.stderr, /s3cr3t/);
  assert.match(r.stdout, /\*\*\*@127\.0\.0\.1/);
});

test('an unwritable cache: exit 10, saying what to do', async (t) => {
  const mnt = volumeWithApp(t, 'main-field');
  writeFileSync(join(mnt, 'home', '.modulus'), 'a file where the cache directory belongs');
  const r = await runApp(t, mnt, env('good'));
  assert.equal(r.code, 10, r.stderr);
  assert.match(r.stderr, /cannot write the Node\.js cache .*\.modulus\/node/);
  assert.match(r.stderr, /Make \$HOME\/\.modulus\/node writable/);
});

test('modulus start --plan without fd 3, and an unknown option, are usage errors', async () => {
  const usage = await runCli(['start', '--bogus']);
  assert.equal(usage.code, 2);
  const help = await runCli(['start', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--plan/);
});
