// Serving: programs get SUPERVISOR_SERVER_URL (the unix socket when there is one, as supervisord
// sets it), both servers run when both are configured, and a server that cannot start stops the
// supervisor with exit code 2 before any program starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRpcClient } from '../../../src/rpc/client.js';
import { startSupervisord, PROGRAMS } from '../../helpers/supervisord.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { freePort } from '../../helpers/free-port.js';
import { waitFor } from '../../helpers/wait-for.js';
import { controlSections, ctl, pythonClient } from './servers.js';

test('programs get SUPERVISOR_SERVER_URL, and the inet server answers beside the unix one', async (t) => {
  const dir = tempDir(t);
  const port = await freePort();
  const sup = await startSupervisord(
    t,
    `${controlSections(dir)}
[inet_http_server]
port=127.0.0.1:${port}
username=admin
password=secret

[program:env]
command=${PROGRAMS}print-env SUPERVISOR_SERVER_URL
startsecs=0
autorestart=false
stdout_logfile=${join(dir, 'env.log')}
`,
    { dir },
  );
  const [, inetUrl] = await sup.waitForLine(/serving the control API on (http:\/\/\S+)/);
  const logged = await waitFor('the env program output', async () => {
    const client = createRpcClient(`unix://${join(dir, 'supervisor.sock')}`);
    try {
      const text = (await client.call('supervisor.readProcessStdoutLog', ['env', 0, 0])) as string;
      return text.includes('SUPERVISOR_SERVER_URL') && text;
    } finally {
      client.close();
    }
  });
  assert.match(logged, new RegExp(`SUPERVISOR_SERVER_URL=unix://${join(dir, 'supervisor.sock')}`));
  const inet = createRpcClient(inetUrl!, { username: 'admin', password: 'secret' });
  t.after(() => inet.close());
  assert.deepEqual(await inet.call('supervisor.getState'), { statecode: 1, statename: 'RUNNING' });
  await assert.rejects(createRpcClient(inetUrl!).call('supervisor.getState'), /401/);
});

test('a socket another supervisor listens on is a startup error (exit 2), before any program starts', async (t) => {
  const dir = tempDir(t);
  await startSupervisord(t, controlSections(dir), { dir });
  await waitFor('the first socket', () => existsSync(join(dir, 'supervisor.sock')));
  const marker = join(dir, 'started');
  const second = await startSupervisord(
    t,
    `${controlSections(dir)}
[program:marker]
command=/bin/sh -c "touch ${marker}; sleep 100"
startsecs=0
`,
    { dir: tempDir(t), extra: '' },
  );
  const { code } = await second.exited;
  assert.equal(code, 2);
  assert.match(second.output(), /already listening on the socket file .*supervisor\.sock/);
  assert.equal(existsSync(marker), false);
  if (!pythonClient(t)) return;
  // The first supervisor is untouched.
  assert.equal((await ctl({ configFile: join(dir, 'supervisord.conf') }, 'pid')).code, 0);
});
