// `modulus run --docker`, the main job in a container: the same volume the local run makes, the
// run-node image, ctl through docker exec, logs from the volume, and Ctrl-C removing the container.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { docker, dockerOk, dockerSuite, MOP_UID, nodeMirror, PREFIX, RUN_NODE } from '../helpers/docker.js';
import { runCli } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';
import { startRun } from '../integration/host/run-harness.js';

test('modulus run --docker runs hello-http in run-node; ctl, logs and Ctrl-C work through Docker', async (t) => {
  if (!(await dockerSuite(t))) return;
  const name = `e2e-${randomBytes(3).toString('hex')}`;
  const container = `modulus-${name}`;
  t.after(() => docker(['rm', '-f', container]));
  const run = await startRun(t, 'hello-http', ['--docker', '--image', RUN_NODE, '--name', name]);
  assert.match(await run.get('/', 90_000), /^Hello \(pid \d+\)/);

  const inspect = JSON.parse((await docker(['inspect', container])).stdout)[0];
  assert.equal(inspect.State.Running, true);
  assert.equal(inspect.Config.Image, RUN_NODE);
  assert.ok(
    inspect.Mounts.some(
      (m: { Source: string; Destination: string }) => m.Source === run.volume && m.Destination === '/mnt',
    ),
    'the volume is mounted at /mnt',
  );
  assert.equal(
    statSync(join(run.volume, 'app')).uid,
    MOP_UID,
    "the volume's app dir belongs to the image's mop",
  );

  const status = await waitFor('app RUNNING through modulus ctl', async () => {
    const r = await runCli(['ctl', 'status'], { cwd: run.cwd });
    return /^app\s+RUNNING/m.test(r.stdout) ? r : undefined;
  });
  assert.equal(status.code, 0);
  const logs = await runCli(['logs', '-n', '20'], { cwd: run.cwd });
  assert.equal(logs.code, 0, logs.stderr);
  assert.match(logs.stdout, new RegExp(`listening on http://127.0.0.1:${run.port}`));

  assert.equal(await run.stop('SIGINT'), 0);
  assert.notEqual((await docker(['inspect', container])).code, 0, 'the container is removed');
  assert.match(readFileSync(join(run.volume, 'log', 'app.log'), 'utf8'), /SIGTERM received, closing/);
});

test('a run-node without its build image gets one built FROM it, once; the next run uses it', async (t) => {
  if (!(await dockerSuite(t))) return;
  // Another prefix for the same run-node, so the suite's own build-node stays as it is.
  const prefix = `${PREFIX}-b${randomBytes(2).toString('hex')}`;
  const runNode = `${prefix}/run-node`;
  const buildNode = `${prefix}/build-node`;
  await dockerOk(['tag', RUN_NODE, runNode]);
  t.after(() => docker(['rmi', '-f', runNode, buildNode]));
  const name = `e2e-${randomBytes(3).toString('hex')}`;
  t.after(() => docker(['rm', '-f', `modulus-${name}`, `modulus-${name}-build`]));
  const env = { NODEJS_ORG_MIRROR: await nodeMirror() }; // where the headers come from
  const first = await startRun(t, 'hello-http', ['--docker', '--image', runNode, '--name', name], { env });
  assert.match(await first.get('/', 300_000), /^Hello/);
  assert.match(first.stderr(), new RegExp(`the build image ${buildNode} is missing: building it \\(once\\)`));
  assert.match(
    first.stderr(),
    new RegExp(`building the app in a container of ${buildNode}; it runs in ${runNode}`),
  );
  const runId = (await dockerOk(['image', 'inspect', '--format', '{{.Id}}', runNode])).trim();
  const label = await dockerOk([
    'image',
    'inspect',
    '--format',
    '{{index .Config.Labels "io.modulus.run-image"}}',
    buildNode,
  ]);
  assert.equal(label.trim(), runId);
  assert.equal(await first.stop('SIGINT'), 0);

  const second = await startRun(t, 'hello-http', ['--docker', '--image', runNode, '--name', name], { env });
  assert.match(await second.get('/', 90_000), /^Hello/);
  assert.doesNotMatch(second.stderr(), /the build image .* building it|rebuilding/);
  assert.equal(await second.stop('SIGINT'), 0);
});
