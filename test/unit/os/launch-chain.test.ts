import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChain } from '../../../src/os/launch-chain.js';

const BASE = { file: '/usr/bin/sleep', argv: ['sleep', '60'], env: {} };

test('a plain spec runs the program itself, with its argv[0] as written', () => {
  assert.deepEqual(launchChain(BASE), { file: '/usr/bin/sleep', argv: ['sleep', '60'] });
});

test('a uid without groups is left to Node (which drops supplementary groups)', () => {
  assert.deepEqual(launchChain({ ...BASE, uid: 7, gid: 8 }), {
    file: '/usr/bin/sleep',
    argv: ['sleep', '60'],
    uid: 7,
    gid: 8,
  });
});

test('a user with only its primary group is left to Node: the same access, one exec less', () => {
  assert.deepEqual(launchChain({ ...BASE, uid: 7, gid: 8, groups: [8] }), {
    file: '/usr/bin/sleep',
    argv: ['sleep', '60'],
    uid: 7,
    gid: 8,
  });
});

test('supplementary groups go through setpriv, which sets groups, gid, uid and execs the program', () => {
  assert.deepEqual(launchChain({ ...BASE, uid: 7, gid: 8, groups: [8, 20, 30] }), {
    file: '/usr/bin/setpriv',
    argv: ['setpriv', '--reuid=7', '--regid=8', '--groups=8,20,30', '--', 'sleep', '60'],
  });
});

test('argv[0] that is not the bare name of the file is replaced by the path for execvp', () => {
  const spec = { ...BASE, argv: ['my-sleeper', '60'], uid: 7, gid: 8, groups: [8, 9] };
  assert.deepEqual(launchChain(spec).argv.slice(-2), ['/usr/bin/sleep', '60']);
});

test('limits go first through prlimit (still root), then setpriv, then sh for redirect_stderr', () => {
  const launch = launchChain({
    ...BASE,
    uid: 7,
    gid: 8,
    groups: [8],
    redirectStderr: true,
    limits: { files: { soft: 1024, hard: 4096 }, processes: { soft: Infinity, hard: Infinity } },
  });
  assert.deepEqual(launch, {
    file: '/usr/bin/prlimit',
    argv: [
      'prlimit',
      '--nofile=1024:4096',
      '--nproc=unlimited:unlimited',
      '--',
      '/usr/bin/setpriv',
      '--reuid=7',
      '--regid=8',
      '--groups=8',
      '--',
      '/bin/sh',
      '-c',
      'exec "$0" "$@" 2>&1',
      '/usr/bin/sleep',
      '60',
    ],
  });
});

test('redirect_stderr alone is the sh wrapper, as before', () => {
  assert.deepEqual(launchChain({ ...BASE, redirectStderr: true }), {
    file: '/bin/sh',
    argv: ['sh', '-c', 'exec "$0" "$@" 2>&1', '/usr/bin/sleep', '60'],
  });
});
