import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  findProblems,
  formatVolumeProblems,
  shellQuote,
  volumeProblemsError,
} from '../../../src/host/volume-check.js';
import { DEFAULT_IDS } from '../../../src/host/volume-layout.js';
import type { Found, Observed } from '../../../src/host/volume-plan.js';

const dir = (uid: number, mode = 0o755): Found => ({ kind: 'dir', uid, gid: 444, mode });
const file = (uid: number): Found => ({ kind: 'file', uid, gid: 444, mode: 0o640 });

function observed(entries: Record<string, Found>, root: Found | null = dir(0)): Observed {
  return { dir: '/mnt', root, marker: { kind: 'none' }, entries: new Map(Object.entries(entries)) };
}

const GOOD = {
  tmp: dir(441, 0o700),
  home: dir(441, 0o700),
  log: dir(0, 0o750),
  app: dir(441),
  notifications: dir(0, 0o750),
  'app-storage': dir(441),
  'supervisor.conf': file(0),
};

test('a ready volume in either layout has no problems', () => {
  assert.deepEqual(findProblems(observed(GOOD), DEFAULT_IDS), []);
  const original = { ...GOOD, log: dir(441), notifications: dir(441), 'supervisor.conf': file(441) };
  assert.deepEqual(findProblems(observed(original, dir(441)), DEFAULT_IDS), []);
});

test('every problem at once: missing, wrong type, wrong owner, unwritable, no supervisor.conf', () => {
  const problems = findProblems(
    observed({
      tmp: dir(0, 0o700),
      home: dir(441, 0o500),
      log: { kind: 'symlink', uid: 441, gid: 444, mode: 0o777 },
      app: dir(441),
      'app-storage': dir(1000),
    }),
    DEFAULT_IDS,
  );
  assert.deepEqual(
    problems.map((p) => `${p.path}: ${p.problem}`),
    [
      '/mnt/tmp: owned by root (uid 0): needs owner mop (uid 441)',
      '/mnt/home: mode 0500: its owner needs read, write and search permission (0700 or more)',
      '/mnt/log: is a symbolic link: needs a directory owned by root (uid 0) or mop (uid 441)',
      '/mnt/notifications: missing: needs a directory owned by root (uid 0) or mop (uid 441)',
      '/mnt/app-storage: owned by uid 1000: needs owner mop (uid 441)',
      '/mnt/supervisor.conf: missing: generate it with `modulus config -o /mnt/supervisor.conf`',
    ],
  );
});

test('a missing or symlinked root is one problem', () => {
  assert.deepEqual(
    findProblems(observed({}, null), DEFAULT_IDS).map((p) => p.problem),
    ['does not exist'],
  );
  assert.deepEqual(
    findProblems(observed({}, { kind: 'symlink', uid: 0, gid: 0, mode: 0o777 }), DEFAULT_IDS).map(
      (p) => p.problem,
    ),
    ['is a symbolic link: needs a directory owned by root (uid 0) or mop (uid 441)'],
  );
});

test('one message names every problem and the commands that fix them', () => {
  const problems = findProblems(observed({ tmp: dir(0, 0o700) }), DEFAULT_IDS);
  const text = formatVolumeProblems('/mnt', problems, DEFAULT_IDS);
  assert.match(text, /^\/mnt is not a usable Modulus volume \(7 problems\):\n/);
  for (const p of problems) assert.ok(text.includes(`  ${p.path}: ${p.problem}`));
  assert.match(text, /Fix: run `modulus volume init \/mnt` as root/);
  assert.match(text, /then `modulus config -o \/mnt\/supervisor\.conf`\.$/);
  const other = formatVolumeProblems('/my vol', problems.slice(0, 1), { uid: 5, gid: 6 });
  assert.match(other, /\(1 problem\)/);
  assert.match(other, /`modulus volume init --uid 5 --gid 6 '\/my vol'`/);
  const err = volumeProblemsError('/mnt', problems, DEFAULT_IDS);
  assert.equal(err.code, 'VOLUME_INVALID');
  assert.equal(err.exitCode, 78);
  assert.equal(err.message, text);
});

test('shellQuote quotes only when it must', () => {
  assert.equal(shellQuote('/mnt/x'), '/mnt/x');
  assert.equal(shellQuote("it's here"), `'it'\\''s here'`);
});
