// `modulus run` without Docker on a host that has a mop user, as root: the app must run as mop
// from a mop-owned volume, with no "not isolated" warning. Neither CI nor a developer's host has a
// mop user (and tests do not add users to the host), so the host here is a run-node container,
// which has one: this package is mounted read-only and run on the image's own Node.js.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker, dockerOk, dockerSuite, get, MOP_GID, MOP_UID, REPO, RUN_NODE } from '../helpers/docker.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/wait-for.js';

const NODE = '/opt/modulus/runtime/bin/node';
const CLI = '/pkg/dist/modulus.js';

test('modulus run as root where a mop user exists runs the app as mop, isolated', async (t) => {
  if (!(await dockerSuite(t))) return;
  const work = mkdtempSync(join(tmpdir(), 'modulus-e2e-host-'));
  chmodSync(work, 0o755); // mop must reach the volume under it (modulus run checks this)
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const port = await freePort();
  const name = `modulus-e2e-host-${port}`;
  t.after(() => docker(['rm', '-f', name]));
  await dockerOk([
    'run',
    '-d',
    '--name',
    name,
    '--network',
    'host',
    '-v',
    `${REPO}:/pkg:ro`,
    '-v',
    `${work}:/work`,
    '-w',
    '/work',
    RUN_NODE,
    NODE,
    CLI,
    'run',
    '/pkg/test/fixtures/e2e-app',
    '-p',
    String(port),
  ]);
  const who = await waitFor(
    'the app on the port',
    async () => JSON.parse((await get(port, '/whoami')) ?? 'null') as { uid: number; gid: number } | null,
    { timeoutMs: 60_000, intervalMs: 100 },
  ).catch(async (err: Error) => {
    throw new Error(`${err.message}\n${(await docker(['logs', name])).stderr}`);
  });
  assert.equal(who.uid, MOP_UID);
  assert.equal(who.gid, MOP_GID);
  const app = statSync(join(work, '.modulus/volumes/e2e-app/app'));
  assert.equal(app.uid, MOP_UID, 'the volume is given to mop');
  const status = await docker(['exec', '-w', '/work', name, NODE, CLI, 'ctl', 'status']);
  assert.match(status.stdout, /^app\s+(STARTING|RUNNING)/m);

  await dockerOk(['stop', '-t', '30', name], 60_000);
  const logs = await docker(['logs', name]);
  assert.doesNotMatch(logs.stdout + logs.stderr, /not isolated/);
  assert.match(logs.stdout + logs.stderr, /modulus run: stopped/);
  const state = JSON.parse(await dockerOk(['inspect', '--format', '{{json .State}}', name]));
  assert.equal(state.ExitCode, 0);
});
