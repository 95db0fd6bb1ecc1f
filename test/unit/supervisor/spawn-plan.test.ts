import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProcessConfig } from '../../../src/config/model.js';
import { planSpawn } from '../../../src/supervisor/spawn-plan.js';

const BASE = {
  name: 'web',
  group: 'site',
  command: 'sh -c true',
  user: null,
  directory: null,
  serverurl: null,
  environment: { FROM_PROGRAM: 'p', PATH: '/usr/bin:/bin' },
} as unknown as ProcessConfig;

test('environment: supervisor env, then SUPERVISOR_*, then environment= (which wins)', () => {
  const plan = planSpawn(BASE, {
    baseEnv: { FROM_SUPERVISOR: 's', FROM_PROGRAM: 'overridden' },
    serverUrl: 'unix:///run/s.sock',
    euid: 1000,
  });
  assert.deepEqual(plan.env, {
    FROM_SUPERVISOR: 's',
    FROM_PROGRAM: 'p',
    SUPERVISOR_ENABLED: '1',
    SUPERVISOR_SERVER_URL: 'unix:///run/s.sock',
    SUPERVISOR_PROCESS_NAME: 'web',
    SUPERVISOR_GROUP_NAME: 'site',
    PATH: '/usr/bin:/bin',
  });
  assert.equal(plan.file, '/usr/bin/sh');
  assert.deepEqual(plan.argv, ['sh', '-c', 'true']);
  assert.equal(plan.uid, null);
});

test('user= needs root unless it names the supervisor itself', () => {
  const asNobody = { ...BASE, user: 'nobody' } as ProcessConfig;
  assert.throws(() => planSpawn(asNobody, { baseEnv: {}, serverUrl: null, euid: 1000 }), {
    code: 'NOT_ROOT_FOR_USER',
  });
  const self = planSpawn(asNobody, { baseEnv: {}, serverUrl: null, euid: 65534 });
  assert.equal(self.uid, null, 'already that user: nothing to switch');
  const root = planSpawn(asNobody, { baseEnv: {}, serverUrl: null, euid: 0 });
  assert.deepEqual([root.uid, root.gid], [65534, 65534]);
});

test('a missing directory is named as such, not as a missing command', () => {
  const config = { ...BASE, directory: '/no/such/dir' } as ProcessConfig;
  assert.throws(() => planSpawn(config, { baseEnv: {}, serverUrl: null, euid: 0 }), {
    message: "couldn't chdir to /no/such/dir: ENOENT",
  });
});
