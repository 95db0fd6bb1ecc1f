// The pod's liveness probe against a real supervisor: alive while the app is RUNNING, in BACKOFF
// or STOPPED; dead once the supervisor has given the app up (FATAL) or does not answer. The script
// is the one the manifests carry, with the image's paths pointed at this checkout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { startSupervisord } from '../../helpers/supervisord.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { LIVENESS_SCRIPT } from '../../../src/k8s/pod-template.js';

function probe(configFile: string): { code: number | null; out: string } {
  const script = LIVENESS_SCRIPT.replace(
    '/usr/local/bin/modulus',
    `${process.execPath} ${MODULUS_BIN}`,
  ).replace('/etc/modulus/supervisord.conf', configFile);
  assert.notEqual(script, LIVENESS_SCRIPT);
  const r = spawnSync('/bin/sh', ['-c', script], { env: scrubbedEnv(), encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

function state(configFile: string): string {
  const r = spawnSync(process.execPath, [MODULUS_BIN, 'supervisorctl', '-c', configFile, 'status', 'app'], {
    env: scrubbedEnv(),
    encoding: 'utf8',
  });
  return /^app\s+(\S+)/.exec(r.stdout)?.[1] ?? `no answer: ${r.stdout}${r.stderr}`;
}

test('liveness: BACKOFF, RUNNING and STOPPED are alive; FATAL and a gone supervisor are not', async (t) => {
  const dir = tempDir(t);
  const flag = join(dir, 'keep-running');
  const body = `[unix_http_server]
file=${join(dir, 'supervisor.sock')}

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://${join(dir, 'supervisor.sock')}

[program:app]
command=/bin/sh -c 'if [ -e ${flag} ]; then exec sleep 600; fi; exit 1'
startsecs=1
startretries=3
autorestart=true
`;
  const sup = await startSupervisord(t, body, { dir });
  const configFile = sup.configFile;

  await waitFor('app in BACKOFF', () => state(configFile) === 'BACKOFF', {
    timeoutMs: 15_000,
    intervalMs: 20,
  });
  assert.equal(probe(configFile).code, 0, 'BACKOFF is alive');

  const fatal = await waitFor('app FATAL', () => state(configFile) === 'FATAL', { timeoutMs: 30_000 });
  assert.ok(fatal);
  const dead = probe(configFile);
  assert.equal(dead.code, 1);
  assert.match(dead.out, /^app\s+FATAL/m);

  writeFileSync(flag, '');
  spawnSync(process.execPath, [MODULUS_BIN, 'supervisorctl', '-c', configFile, 'start', 'app'], {
    env: scrubbedEnv(),
  });
  await waitFor('app RUNNING', () => state(configFile) === 'RUNNING', { timeoutMs: 15_000 });
  assert.equal(probe(configFile).code, 0, 'RUNNING is alive');
  spawnSync(process.execPath, [MODULUS_BIN, 'supervisorctl', '-c', configFile, 'stop', 'app'], {
    env: scrubbedEnv(),
  });
  assert.equal(state(configFile), 'STOPPED');
  assert.equal(probe(configFile).code, 0, 'STOPPED by an operator is alive');

  await sup.stop();
  const gone = probe(configFile);
  assert.equal(gone.code, 1, 'no supervisor, no life');
});
