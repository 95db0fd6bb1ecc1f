// `modulus dashboard` for a local run: the page of the run's control socket on 127.0.0.1, only for a
// browser that opened the printed URL (the socket is root's alone; other local users get 403), and
// actions that work through the proxy in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { saveRun } from '../../../src/host/run-record.js';
import { workspace } from '../../../src/host/workspace.js';
import { launchBrowser } from '../../helpers/browser.js';
import { runCli } from '../../helpers/run-cli.js';
import { PROGRAMS, startSupervisord } from '../../helpers/supervisord.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startDashboardCommand } from './dashboard-command.js';
import { request } from './web-harness.js';

test('modulus dashboard serves the local run on 127.0.0.1 to the holder of its key', async (t) => {
  const cwd = tempDir(t);
  const ws = workspace(cwd);
  const runtime = ws.runtime('app');
  mkdirSync(runtime.dir, { recursive: true, mode: 0o700 });
  const sup = await startSupervisord(
    t,
    `[unix_http_server]\nfile=${runtime.socket}\nchmod=0700\n[program:app]\ncommand=${PROGRAMS}tick-lines\nstartsecs=0\n`,
  );
  await sup.waitForLine(/success: app entered RUNNING state/);
  saveRun(ws, {
    name: 'app',
    mode: 'local',
    volume: join(cwd, 'volume'),
    port: 8080,
    pid: process.pid,
    runDir: runtime.dir,
  });

  const dash = await startDashboardCommand(t, cwd);
  assert.equal(dash.url.hostname, '127.0.0.1');
  assert.match(dash.cookie, /^modulus_dashboard_\d+=/);
  // Without the key or its cookie: refused, whatever the path.
  for (const path of ['/', '/metrics', '/api/status', '/RPC2', '/?key=wrong']) {
    assert.equal((await request({ port: dash.port }, path)).status, 403, path);
  }
  const page = await dash.get('/');
  assert.equal(page.status, 200);
  assert.match(page.body, /modulus-csrf/);
  assert.match((await dash.get('/metrics')).body, /^node_supervisord_up\{name="app",group="app"\} 1$/m);

  const browser = await launchBrowser(t);
  if (browser === null) return;
  const tab = await browser.newPage();
  await tab.goto(dash.url.href);
  assert.equal(new URL(tab.url()).search, '', 'the key leaves the address bar');
  const row = tab.locator('#rows tr[data-name="app"]');
  await waitFor('app RUNNING in the page', async () => (await row.getAttribute('data-state')) === 'RUNNING');
  await row.getByRole('button', { name: 'Stop', exact: true }).click();
  await waitFor('app STOPPED in the page', async () => (await row.getAttribute('data-state')) === 'STOPPED');
  await sup.waitForLine(/stopped: app/);
});

test('modulus dashboard: help, a bad port, no run here and a bad --exec are clear errors', async (t) => {
  const cwd = tempDir(t);
  const help = await runCli(['dashboard', '--help'], { cwd });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: modulus dashboard/);
  const port = await runCli(['dashboard', '--port', '70000'], { cwd });
  assert.equal(port.code, 2);
  assert.match(port.stderr, /--port: expected a port number \(0-65535\), got "70000"/);
  const none = await runCli(['dashboard', '--no-open'], { cwd });
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no app is running here/);
  const both = await runCli(['dashboard', '--exec', 'docker exec -i x', '--name', 'web'], { cwd });
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--exec and --name: give one of them/);
  const empty = await runCli(['dashboard', '--exec', ' '], { cwd });
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /--exec: expected a command/);
  const unclosed = await runCli(['dashboard', '--exec', "kubectl exec -i 'pod"], { cwd });
  assert.equal(unclosed.code, 2);
  assert.match(unclosed.stderr, /--exec: /);
  assert.match(help.stdout, /--exec 'kubectl exec -i deploy\/myapp -c app --'/);
});
