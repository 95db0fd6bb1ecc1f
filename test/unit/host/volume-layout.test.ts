import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_IDS,
  acceptedOwners,
  describeUid,
  entryOwnership,
  formatMode,
  layoutEntries,
  parseMarker,
  renderMarker,
  volumePaths,
} from '../../../src/host/volume-layout.js';

const AS_ROOT = { uid: 0, gid: 0 };

function table(layout: 'secure' | 'original'): Record<string, string> {
  return Object.fromEntries(
    layoutEntries(layout).map((e) => {
      const o = entryOwnership(e, DEFAULT_IDS, AS_ROOT);
      return [e.name, `${e.kind} ${o.uid}:${o.gid} ${formatMode(e.mode)}`];
    }),
  );
}

test('the secure layout: the app cannot rewrite its logs, forge notifications or replace supervisor.conf', () => {
  assert.deepEqual(table('secure'), {
    root: 'dir 0:444 0755',
    tmp: 'dir 441:444 0700',
    home: 'dir 441:444 0700',
    log: 'dir 0:444 0750',
    app: 'dir 441:444 0755',
    notifications: 'dir 0:444 0750',
    'app-storage': 'dir 441:444 0755',
    'supervisor.conf': 'file 0:444 0640',
  });
});

test('the original layout: everything belongs to mop', () => {
  assert.deepEqual(table('original'), {
    root: 'dir 441:444 0755',
    tmp: 'dir 441:444 0755',
    home: 'dir 441:444 0755',
    log: 'dir 441:444 0755',
    app: 'dir 441:444 0755',
    notifications: 'dir 441:444 0755',
    'app-storage': 'dir 441:444 0755',
    'supervisor.conf': 'file 441:444 0644',
  });
});

test('not running as root, every entry is owned by whoever runs us, group untouched', () => {
  for (const e of layoutEntries('secure')) {
    assert.deepEqual(entryOwnership(e, DEFAULT_IDS, { uid: 1000, gid: 1000 }), { uid: 1000, gid: null });
  }
});

test('only supervisor.conf is left to `modulus config`', () => {
  assert.deepEqual(
    layoutEntries('secure')
      .filter((e) => !e.createdByInit)
      .map((e) => e.name),
    ['supervisor.conf'],
  );
});

test('check accepts root or the app user where the layouts differ', () => {
  assert.deepEqual(acceptedOwners('tmp', DEFAULT_IDS), [441]);
  assert.deepEqual(acceptedOwners('log', DEFAULT_IDS), [0, 441]);
  assert.equal(describeUid(441, DEFAULT_IDS), 'mop (uid 441)');
  assert.equal(describeUid(0, DEFAULT_IDS), 'root (uid 0)');
  assert.equal(describeUid(7, DEFAULT_IDS), 'uid 7');
});

test('paths are declared once', () => {
  const p = volumePaths('/mnt');
  assert.equal(p.appLog, '/mnt/log/app.log');
  assert.equal(p.appStorage, '/mnt/app-storage');
  assert.equal(p.supervisorConf, '/mnt/supervisor.conf');
  assert.equal(p.marker, '/mnt/.modulus-volume');
});

test('the marker round-trips; anything else is not a marker', () => {
  const m = { layout: 'secure' as const, uid: 441, gid: 444, version: 1 };
  assert.deepEqual(parseMarker(renderMarker(m)), m);
  for (const text of [
    '',
    'null',
    '{}',
    '{"layout":"x","uid":1,"gid":1,"version":1}',
    '{"layout":"secure","uid":-1,"gid":1,"version":1}',
  ]) {
    assert.equal(parseMarker(text), undefined, text);
  }
});
