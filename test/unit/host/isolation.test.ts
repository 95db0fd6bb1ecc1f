import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseIsolation, isolationWarning } from '../../../src/host/isolation.js';

const MOP = { name: 'mop', uid: 441, gid: 444, home: '/mnt/home', shell: '/bin/false' };

test('root with a mop user isolates the app as mop; no warning', () => {
  const iso = chooseIsolation({ uid: 0, gid: 0, userName: 'root', mop: MOP });
  assert.deepEqual(iso, { isolated: true, user: 'mop', uid: 441, gid: 444 });
  assert.equal(isolationWarning(iso), undefined);
});

test('root without mop, or not root: the current user, with the reason and the fix', () => {
  const noMop = chooseIsolation({ uid: 0, gid: 0, userName: 'root', mop: undefined });
  assert.equal(noMop.isolated, false);
  assert.equal(noMop.user, null);
  assert.match(
    isolationWarning(noMop)!,
    /not isolated: it runs as root \(uid 0\).*no "mop" user.*useradd -u 441/,
  );
  const notRoot = chooseIsolation({ uid: 1000, gid: 1000, userName: 'dev', mop: MOP });
  assert.deepEqual([notRoot.isolated, notRoot.uid, notRoot.gid], [false, 1000, 1000]);
  assert.match(isolationWarning(notRoot)!, /runs as dev \(uid 1000\).*not running as root/);
});
