import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRunName, workspace } from '../../../src/host/workspace.js';

test('everything lives under .modulus in the given directory', () => {
  const ws = workspace('/srv/project/');
  assert.equal(ws.root, '/srv/project/.modulus');
  assert.equal(ws.current, '/srv/project/.modulus/current.json');
  assert.equal(ws.preinstalledNode, '/srv/project/.modulus/node');
  assert.equal(ws.volume('web'), '/srv/project/.modulus/volumes/web');
  assert.equal(ws.record('web'), '/srv/project/.modulus/runs/web.json');
  assert.deepEqual(ws.runtime('web'), {
    dir: '/srv/project/.modulus/run/web',
    config: '/srv/project/.modulus/run/web/supervisord.conf',
    socket: '/srv/project/.modulus/run/web/supervisor.sock',
    output: '/srv/project/.modulus/run/web/supervisord.out',
  });
});

test('run names are what Docker accepts as a container name', () => {
  for (const ok of ['web', 'hello-http', 'a.b_c', '9lives']) assert.equal(checkRunName(ok, true), ok);
  for (const bad of ['', '-x', '.x', 'a b', 'a/b', 'ünï', 'x'.repeat(64)]) {
    assert.throws(() => checkRunName(bad, true), { code: 'USAGE' }, bad);
  }
  assert.throws(() => checkRunName('my app', false), /app directory's name "my app"/);
});
