import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allowed, blockedAt, type ModeFacts } from '../../../src/host/path-access.js';

const tree: Record<string, ModeFacts> = {
  '/': { mode: 0o755, uid: 0, gid: 0 },
  '/root': { mode: 0o700, uid: 0, gid: 0 },
  '/root/pkg': { mode: 0o755, uid: 0, gid: 0 },
  '/root/pkg/cli.js': { mode: 0o755, uid: 0, gid: 0 },
  '/opt': { mode: 0o755, uid: 0, gid: 0 },
  '/opt/grp': { mode: 0o750, uid: 0, gid: 444 },
  '/opt/grp/cli.js': { mode: 0o640, uid: 0, gid: 444 },
  '/opt/priv.js': { mode: 0o600, uid: 0, gid: 0 },
};
const stat = (p: string): ModeFacts => tree[p]!;

test('owner, group and other bits, and root that passes everything', () => {
  assert.equal(allowed({ mode: 0o700, uid: 5, gid: 5 }, 5, 9, 1), true);
  assert.equal(
    allowed({ mode: 0o070, uid: 5, gid: 9 }, 5, 9, 1),
    false,
    'the owner bits decide for the owner',
  );
  assert.equal(allowed({ mode: 0o050, uid: 0, gid: 9 }, 5, 9, 1), true);
  assert.equal(allowed({ mode: 0o001, uid: 0, gid: 0 }, 5, 9, 1), true);
  assert.equal(allowed({ mode: 0o000, uid: 1, gid: 1 }, 0, 0, 4), true);
});

test('the first directory that does not let the user in, or the unreadable file', () => {
  assert.equal(blockedAt('/root/pkg/cli.js', 441, 444, stat), '/root');
  assert.equal(blockedAt('/opt/grp/cli.js', 441, 444, stat), undefined);
  assert.equal(blockedAt('/opt/grp/cli.js', 441, 1, stat), '/opt/grp');
  assert.equal(blockedAt('/opt/priv.js', 441, 444, stat), '/opt/priv.js');
});
