import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planInit, type Found, type Observed } from '../../../src/host/volume-plan.js';

const ROOT = { uid: 0, gid: 0 };
const dir = (uid: number, gid: number, mode: number): Found => ({ kind: 'dir', uid, gid, mode });

function observed(entries: Record<string, Found>, extra: Partial<Observed> = {}): Observed {
  return {
    dir: '/v',
    root: dir(0, 0, 0o755),
    marker: { kind: 'none' },
    entries: new Map(Object.entries(entries)),
    ...extra,
  };
}

const SECURE_DONE: Record<string, Found> = {
  tmp: dir(441, 444, 0o700),
  home: dir(441, 444, 0o700),
  log: dir(0, 444, 0o750),
  app: dir(441, 444, 0o755),
  notifications: dir(0, 444, 0o750),
  'app-storage': dir(441, 444, 0o755),
};

test('an empty directory: every entry created, root fixed last, marker written', () => {
  const plan = planInit(observed({}), {}, ROOT);
  assert.deepEqual(
    plan.steps.map((s) => s.text),
    [
      'created /v/tmp (directory, 441:444, 0700)',
      'created /v/home (directory, 441:444, 0700)',
      'created /v/log (directory, 0:444, 0750)',
      'created /v/app (directory, 441:444, 0755)',
      'created /v/notifications (directory, 0:444, 0750)',
      'created /v/app-storage (directory, 441:444, 0755)',
      'changed /v: owner 0:0 -> 0:444',
    ],
  );
  assert.equal(plan.writeMarker, true);
  assert.equal(plan.adopted, false);
});

test('a volume that matches: nothing to do', () => {
  const o = observed(SECURE_DONE, {
    root: dir(0, 444, 0o755),
    marker: { kind: 'ok', marker: { layout: 'secure', uid: 441, gid: 444, version: 1 }, text: '' },
  });
  const plan = planInit(o, {}, ROOT);
  assert.deepEqual(plan.steps, []);
  assert.equal(plan.writeMarker, false);
});

test('options, not the marker, choose layout and ids; a different marker is rewritten', () => {
  const o = observed(
    {},
    { marker: { kind: 'ok', marker: { layout: 'original', uid: 5, gid: 6, version: 1 }, text: '' } },
  );
  const plan = planInit(o, {}, ROOT);
  assert.equal(plan.layout, 'secure');
  assert.deepEqual(plan.ids, { uid: 441, gid: 444 });
  assert.equal(plan.writeMarker, true);
});

test('a hand-made volume is adopted; a stranger in it is refused', () => {
  const plan = planInit(
    observed({ log: dir(441, 444, 0o755), 'supervisor.conf': { ...dir(0, 0, 0o600), kind: 'file' } }),
    {},
    ROOT,
  );
  assert.equal(plan.adopted, true);
  assert.ok(plan.steps.some((s) => s.text === 'changed /v/log: owner 441:444 -> 0:444, mode 0755 -> 0750'));
  assert.ok(
    plan.steps.some((s) => s.text === 'changed /v/supervisor.conf: owner 0:0 -> 0:444, mode 0600 -> 0640'),
  );
  assert.throws(
    () =>
      planInit(
        observed({ log: dir(0, 0, 0o755), 'notes.txt': { ...dir(0, 0, 0o644), kind: 'file' } }),
        {},
        ROOT,
      ),
    {
      code: 'VOLUME_FOREIGN',
      message: /notes\.txt/,
    },
  );
});

test('wrong types and symlinks are refused, all named at once', () => {
  const o = observed(
    {
      log: { kind: 'symlink', uid: 0, gid: 0, mode: 0o777 },
      tmp: { kind: 'file', uid: 0, gid: 0, mode: 0o644 },
    },
    { marker: { kind: 'ok', marker: { layout: 'secure', uid: 441, gid: 444, version: 1 }, text: '' } },
  );
  assert.throws(
    () => planInit(o, {}, ROOT),
    (err: Error & { code?: string }) => {
      assert.equal(err.code, 'VOLUME_ENTRY_TYPE');
      assert.match(err.message, /\/v\/log is a symbolic link/);
      assert.match(err.message, /\/v\/tmp is a regular file/);
      return true;
    },
  );
  assert.throws(
    () => planInit(observed({}, { root: { kind: 'symlink', uid: 0, gid: 0, mode: 0o777 } }), {}, ROOT),
    {
      code: 'VOLUME_ENTRY_TYPE',
    },
  );
  assert.throws(
    () => planInit(observed({}, { marker: { kind: 'bad', why: 'is a symbolic link' } }), {}, ROOT),
    {
      code: 'VOLUME_ENTRY_TYPE',
      message: /\.modulus-volume is a symbolic link/,
    },
  );
});

test('not root: owned by the runner, with the note; an entry of another owner cannot be fixed', () => {
  const me = { uid: 1000, gid: 1000 };
  const plan = planInit(observed({}, { root: dir(1000, 1000, 0o700) }), {}, me);
  assert.ok(plan.steps.filter((s) => s.create).every((s) => s.owner?.uid === 1000 && s.owner.gid === null));
  assert.deepEqual(plan.steps.at(-1)?.text, 'changed /v: mode 0700 -> 0755');
  assert.deepEqual(plan.notes, [
    'not running as root: everything is owned by uid 1000; the app is not isolated from its logs',
  ]);
  assert.throws(
    () => planInit(observed({ tmp: dir(0, 0, 0o700) }, { root: dir(1000, 1000, 0o755) }), {}, me),
    {
      code: 'VOLUME_OWNER',
      message: /\/v\/tmp is owned by uid 0/,
    },
  );
});
