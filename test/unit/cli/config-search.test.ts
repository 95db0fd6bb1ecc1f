// The config search order supervisord and supervisorctl share when -c is not given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfigCandidates } from '../../../src/cli/config-search.js';

test('looks beside the executable, then in the working directory, then in /etc', () => {
  assert.deepEqual(defaultConfigCandidates('/opt/m/bin/modulus', '/srv/app'), [
    '/opt/m/etc/supervisord.conf',
    '/opt/m/supervisord.conf',
    '/srv/app/supervisord.conf',
    '/srv/app/etc/supervisord.conf',
    '/etc/supervisord.conf',
    '/etc/supervisor/supervisord.conf',
    '/etc/modulus/supervisord.conf',
  ]);
});
