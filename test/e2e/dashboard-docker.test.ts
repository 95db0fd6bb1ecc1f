// `modulus dashboard` for a Docker run: the page reaches the supervisor's unix socket through
// `docker exec … modulus dashboard --bridge`, in a container with no network at all (so no TCP
// port can be involved); then the same container through `--exec 'docker exec -i C'`. The container runs this checkout's bundle on the host's Node.js, mounted
// read-only into the debootstrapped base image, at the paths the run images use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { saveRun } from '../../src/host/run-record.js';
import { workspace } from '../../src/host/workspace.js';
import { launchBrowser } from '../helpers/browser.js';
import { docker, dockerOk, PREFIX, requireDocker, TEST_BASE_IMAGE } from '../helpers/docker.js';
import { MODULUS_BIN } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { startDashboardCommand } from '../integration/web/dashboard-command.js';

test('modulus dashboard --docker tunnels through docker exec to the socket in a container without a network', async (t) => {
  if (!requireDocker(t)) return;
  const cwd = tempDir(t);
  const conf = join(tempDir(t), 'conf');
  mkdirSync(conf);
  writeFileSync(
    join(conf, 'modulus'),
    '#!/bin/sh\nexec /usr/local/bin/node -- /opt/modulus/lib/modulus.js "$@"\n',
    {
      mode: 0o755,
    },
  );
  writeFileSync(
    join(conf, 'supervisord.conf'),
    `[supervisord]
logfile=/tmp/supervisord.log
childlogdir=/tmp
[unix_http_server]
file=/run/modulus/supervisor.sock
chmod=0700
[program:app]
command=/bin/sh -c 'while :; do echo hi; sleep 1; done'
startsecs=0
`,
  );
  const container = `${PREFIX.replace(/\W/g, '-')}-dashboard-${randomBytes(3).toString('hex')}`;
  t.after(() => docker(['rm', '-f', container]));
  await dockerOk([
    'run',
    '-d',
    '--name',
    container,
    '--network',
    'none',
    '-v',
    `${process.execPath}:/usr/local/bin/node:ro`,
    '-v',
    `${dirname(MODULUS_BIN)}:/opt/modulus/lib:ro`,
    '-v',
    `${join(conf, 'modulus')}:/usr/local/bin/modulus:ro`,
    '-v',
    `${conf}:/etc/test:ro`,
    TEST_BASE_IMAGE,
    'sh',
    '-c',
    'mkdir -p -m 0700 /run/modulus && exec modulus supervisord -n -c /etc/test/supervisord.conf',
  ]);
  const ws = workspace(cwd);
  saveRun(ws, {
    name: 'app',
    mode: 'docker',
    volume: join(cwd, 'volume'),
    port: 8080,
    pid: process.pid,
    container,
  });
  await waitFor(
    'the socket in the container',
    async () => (await docker(['exec', container, 'test', '-S', '/run/modulus/supervisor.sock'])).code === 0,
    {
      timeoutMs: 30_000,
    },
  );

  const dash = await startDashboardCommand(t, cwd);
  const page = await dash.get('/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
  const status = await waitFor('app RUNNING through the tunnel', async () => {
    const reply = await dash.get('/api/status');
    const body = JSON.parse(reply.body) as { processes: { name: string; statename: string }[] };
    return body.processes.find((p) => p.name === 'app')?.statename === 'RUNNING' && body;
  });
  assert.equal(status.processes.length, 1);
  assert.match((await dash.get('/metrics')).body, /^node_supervisord_up\{name="app",group="app"\} 1$/m);
  // The live page through the tunnel: its event stream and an action.
  const browser = await launchBrowser(t);
  if (browser !== null) {
    const tab = await browser.newPage();
    await tab.goto(dash.url.href);
    const row = tab.locator('#rows tr[data-name="app"]');
    await waitFor(
      'app RUNNING in the page',
      async () => (await row.getAttribute('data-state')) === 'RUNNING',
    );
    await row.getByRole('button', { name: 'Stop', exact: true }).click();
    await waitFor(
      'app STOPPED in the page',
      async () => (await row.getAttribute('data-state')) === 'STOPPED',
    );
  }
  // --exec reaches the same container through a command of the user's (as kubectl exec would),
  // from a directory where no run was started.
  const viaExec = await startDashboardCommand(t, tempDir(t), ['--exec', `docker exec -i ${container}`]);
  const metrics = await waitFor('the metrics through --exec', async () => {
    const reply = await viaExec.get('/metrics');
    return reply.status === 200 && reply.body;
  });
  assert.match(metrics, /^node_supervisord_up\{name="app",group="app"\} [01]$/m);
  const inspect = JSON.parse(await dockerOk(['inspect', container]))[0];
  assert.deepEqual(Object.keys(inspect.NetworkSettings.Ports ?? {}), []);
  assert.equal(inspect.HostConfig.NetworkMode, 'none');
});
