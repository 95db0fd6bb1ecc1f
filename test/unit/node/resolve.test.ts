import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { endOfLife, nearestVersions, resolveVersion, type IndexEntry } from '../../../src/node/resolve.js';
import { parseVersionSpec } from '../../../src/node/version-spec.js';
import { parseIndex } from '../../../src/node/node-index.js';

// A realistic index.json (575 releases, v4.0.0 … v26.3.1, LTS codenames Argon … Krypton), as of mid-2026.
const INDEX_PATH = fileURLToPath(new URL('../../../../test/fixtures/node-index/index.json', import.meta.url));
const INDEX: IndexEntry[] = parseIndex(readFileSync(INDEX_PATH, 'utf8'), INDEX_PATH);
const NOW = new Date('2026-07-01T00:00:00Z');

function resolve(
  spec: string | undefined,
  extra: { installed?: string[]; index?: IndexEntry[] | undefined } = {},
) {
  return resolveVersion({
    spec: spec === undefined ? undefined : parseVersionSpec(spec),
    index: 'index' in extra ? extra.index : INDEX,
    installed: extra.installed ?? [],
    platformFile: 'linux-x64',
    now: NOW,
  });
}

// [specifier (undefined: nothing asked), expected version]
const ROWS: [string | undefined, string][] = [
  [undefined, 'v24.22.3'],
  ['lts/*', 'v24.22.3'],
  ['lts/krypton', 'v24.22.3'],
  ['lts/jod', 'v22.23.5'],
  ['lts/Iron', 'v20.20.2'],
  ['lts/hydrogen', 'v18.20.8'],
  ['lts/gallium', 'v16.20.2'],
  ['lts/argon', 'v4.9.1'],
  ['node', 'v26.3.1'],
  ['latest', 'v26.3.1'],
  ['*', 'v26.3.1'],
  ['22', 'v22.23.5'],
  ['22.x', 'v22.23.5'],
  ['v22.11.0', 'v22.11.0'],
  ['22.11.0', 'v22.11.0'],
  ['22.11', 'v22.11.0'],
  ['^22.11', 'v22.23.5'],
  ['~22.12', 'v22.12.0'],
  ['~20.11', 'v20.11.1'],
  ['>=18 <21', 'v20.20.2'],
  ['>=18 <20', 'v19.8.1'],
  ['>=18 <19', 'v18.20.8'],
  ['^18.12 || ^20.9', 'v20.20.2'],
  ['18 || 22', 'v22.23.5'],
  ['>=20', 'v26.3.1'],
  ['20 - 22.1', 'v22.1.0'],
  ['23', 'v23.11.0'], // v23.11.1 has no linux-x64 build in this index
  ['<5', 'v4.9.1'],
  ['stable', 'v26.3.1'],
  ['lts/-1', 'v22.23.5'],
  ['lts/-2', 'v20.20.2'],
  ['lts/-8', 'v8.17.0'],
  ['>=20.0.0-0 <21', 'v20.20.2'],
  ['^18.0.0-rc.1', 'v18.20.8'],
  ['22.1.0+build', 'v22.1.0'],
];

// Every form README's "Which Node.js" lists, as a package.json or .nvmrc would write it.
const README_FORMS: [string, string][] = [
  ['>=18 <21', 'v20.20.2'],
  ['^20.11', 'v20.20.2'],
  ['20.x', 'v20.20.2'],
  ['~22.1', 'v22.1.0'],
  ['^18 || ^20', 'v20.20.2'],
  ['18 - 20.11', 'v20.11.1'],
  ['>=20.0.0-0 <21', 'v20.20.2'],
  ['^20.0.0-rc.1', 'v20.20.2'],
  ['20.11.1+build.7', 'v20.11.1'],
  ['20.11.1', 'v20.11.1'],
  ['v20.11.1', 'v20.11.1'],
  ['lts/*', 'v24.22.3'],
  ['lts/iron', 'v20.20.2'],
  ['lts/-1', 'v22.23.5'],
  ['node', 'v26.3.1'],
  ['stable', 'v26.3.1'],
  ['latest', 'v26.3.1'],
  ['*', 'v26.3.1'],
];

test('every specifier form README lists', () => {
  for (const [spec, expected] of README_FORMS) assert.equal(resolve(spec).version, expected, spec);
});

test('lts/-N without an index counts even majors back; past the oldest line it is unsatisfiable', () => {
  const installed = ['v24.1.0', 'v23.0.0', 'v22.5.0', 'v22.4.0', 'v20.1.0'];
  assert.equal(resolve('lts/-1', { index: undefined, installed }).version, 'v22.5.0');
  assert.equal(resolve('lts/-2', { index: undefined, installed }).version, 'v20.1.0');
  assert.throws(
    () => resolve('lts/-3', { index: undefined, installed }),
    (err: { code?: string; message: string }) =>
      err.code === 'NODE_VERSION_UNSATISFIABLE' && /lts\/-3/.test(err.message),
  );
});

test('specifier → version against the recorded index', () => {
  for (const [spec, expected] of ROWS) assert.equal(resolve(spec).version, expected, String(spec));
});

test('installed versions count, even when the index does not list them', () => {
  assert.equal(resolve('22', { installed: ['v22.99.0'] }).version, 'v22.99.0');
});

test('offline: resolution uses installed versions; LTS means an even major', () => {
  const offline = { index: undefined, installed: ['v20.18.1', 'v22.23.5', 'v23.1.0'] };
  assert.equal(resolve('20', offline).version, 'v20.18.1');
  assert.equal(resolve(undefined, offline).version, 'v22.23.5');
  assert.equal(resolve('node', offline).version, 'v23.1.0');
  assert.throws(
    () => resolve('18', offline),
    (err: { code?: string }) => err.code === 'NODE_VERSION_UNSATISFIABLE',
  );
  assert.throws(
    () => resolve('18', { index: undefined }),
    (err: { code?: string }) => err.code === 'NODE_INDEX_UNAVAILABLE',
  );
});

test('unsatisfiable ranges list the nearest versions that exist', () => {
  assert.throws(
    () => resolve('>=30'),
    (err: { code?: string; hint?: string }) =>
      err.code === 'NODE_VERSION_UNSATISFIABLE' &&
      /v26\.3\.1/.test(err.hint ?? '') &&
      /v25\.9\.0/.test(err.hint ?? ''),
  );
  assert.throws(
    () => resolve('22.99.1'),
    (err: { code?: string; hint?: string }) =>
      err.code === 'NODE_VERSION_UNSATISFIABLE' && /v22\.23\.5/.test(err.hint ?? ''),
  );
});

test('an unknown codename lists the codenames the index has', () => {
  assert.throws(
    () => resolve('lts/zebra'),
    (err: { code?: string; hint?: string }) =>
      err.code === 'NODE_VERSION_UNSATISFIABLE' && /lts\/jod/.test(err.hint ?? ''),
  );
});

test('warnings: a Current major beyond the newest LTS, and an end-of-life line', () => {
  assert.match(resolve('>=22').warnings.join('\n'), /v26\.3\.1 is a Current release/);
  assert.deepEqual(resolve('^24').warnings, []);
  assert.deepEqual(resolve('26.3.1').warnings, []); // exact pins are deliberate
  assert.match(resolve('^18').warnings.join('\n'), /Node\.js 18 reached end of life on 2025-04-30/);
  assert.deepEqual(resolve('^22').warnings, []); // still supported on NOW
  assert.match(resolve('^20').warnings.join('\n'), /Node\.js 20 reached end of life on 2026-04-30/);
});

test('endOfLife follows the release schedule', () => {
  assert.equal(endOfLife(20, INDEX)?.toISOString().slice(0, 10), '2026-04-30');
  assert.equal(endOfLife(21, INDEX)?.toISOString().slice(0, 10), '2024-06-01');
  assert.equal(endOfLife(99, INDEX), undefined);
});

test('nearestVersions picks the newest of the closest majors', () => {
  const list = ['v18.1.0', 'v18.2.0', 'v20.1.0', 'v22.3.0', 'v24.0.0'].map((s) => ({
    v: s.slice(1).split('.').map(Number) as [number, number, number],
  }));
  assert.deepEqual(nearestVersions(list, 21, 2), ['v22.3.0', 'v20.1.0']);
});
