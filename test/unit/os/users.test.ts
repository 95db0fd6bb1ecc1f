import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lookupGroupId, lookupUser, supplementaryGroups } from '../../../src/os/users.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('users by name or uid from a passwd file; groups by name or gid', (t) => {
  const dir = tempDir(t);
  const passwd = join(dir, 'passwd');
  const group = join(dir, 'group');
  writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\nmop:x:441:444::/mnt/home:/bin/sh\n');
  writeFileSync(group, 'root:x:0:\nmop:x:444:\n');
  assert.deepEqual(lookupUser('mop', passwd), {
    name: 'mop',
    uid: 441,
    gid: 444,
    home: '/mnt/home',
    shell: '/bin/sh',
  });
  assert.equal(lookupUser('441', passwd).name, 'mop');
  assert.equal(lookupUser('5000', passwd).uid, 5000, 'an unknown numeric uid is used as it is');
  assert.throws(() => lookupUser('ghost', passwd), { code: 'NO_SUCH_USER' });
  assert.equal(lookupGroupId('mop', group), 444);
  assert.equal(lookupGroupId('12', group), 12);
  assert.equal(lookupGroupId('ghost', group), undefined);
});

test("a user's groups: the primary gid first, then every group listing the user, as supervisord sets them", (t) => {
  const dir = tempDir(t);
  const group = join(dir, 'group');
  writeFileSync(group, 'root:x:0:\nmop:x:444:\nweb:x:50:www,mop\nssl:x:60:mop\nother:x:70:mopper\n');
  const mop = { name: 'mop', uid: 441, gid: 444, home: '/', shell: '/bin/sh' };
  assert.deepEqual(supplementaryGroups(mop, group), [444, 50, 60]);
  assert.deepEqual(supplementaryGroups({ ...mop, name: 'nobody', gid: 65534 }, group), [65534]);
});
