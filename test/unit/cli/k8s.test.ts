import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseK8sArgs, type K8sRequest } from '../../../src/cli/k8s.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';
import { runCli, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

function setup(t: Parameters<typeof tempDir>[0]): string {
  const cwd = tempDir(t);
  mkdirSync(join(cwd, 'my-app'));
  return cwd;
}

test('defaults: named after the app dir, the build-app image, 512Mi and half a core, port 8080', (t) => {
  const cwd = setup(t);
  const { spec, output } = parseK8sArgs(['my-app'], cwd) as K8sRequest;
  assert.equal(output, undefined);
  assert.equal(spec.name, 'my-app');
  assert.equal(spec.image, 'modulus/app-my-app:latest');
  assert.equal(spec.port, 8080);
  assert.equal(spec.replicas, 1);
  assert.equal(spec.memoryQuantity, '512Mi');
  assert.equal(spec.cpu, '500m');
  assert.equal(spec.storage, undefined);
  assert.deepEqual(spec.env, []);
  assert.deepEqual(spec.secrets, []);
  assert.equal(parseK8sArgs(['-h'], cwd), 'help');
});

test('every option; env and secrets read like modulus run reads env', (t) => {
  const cwd = setup(t);
  writeFileSync(join(cwd, 'app.env'), 'A=file\nB=file\n');
  writeFileSync(join(cwd, 'secret.env'), 'S1=from-file\n');
  const { spec, output } = parseK8sArgs(
    [
      'my-app',
      '-o',
      'out',
      '--name',
      'web',
      '-p',
      '3000',
      '--env-file',
      'app.env',
      '-e',
      'A=flag',
      '--secret-file',
      'secret.env',
      '-s',
      'S2=flag',
      '--image-prefix',
      'registry.example/team',
      '--replicas',
      '3',
      '--memory',
      '1g',
      '--cpu',
      '2',
      '--storage',
      '10g',
      '--storage-class',
      'fast',
    ],
    cwd,
  ) as K8sRequest;
  assert.equal(output, join(cwd, 'out'));
  assert.equal(spec.name, 'web');
  assert.equal(spec.image, 'registry.example/team/app-web:latest');
  assert.equal(spec.port, 3000);
  assert.deepEqual(spec.env, [
    ['A', 'flag'],
    ['B', 'file'],
  ]);
  assert.deepEqual(spec.secrets, [
    ['S1', 'from-file'],
    ['S2', 'flag'],
  ]);
  assert.equal(spec.replicas, 3);
  assert.equal(spec.memoryQuantity, '1Gi');
  assert.equal(spec.cpu, '2');
  assert.equal(spec.storage, '10Gi');
  assert.equal(spec.storageClass, 'fast');
  assert.equal((parseK8sArgs(['my-app', '--image', 'x/y:1'], cwd) as K8sRequest).spec.image, 'x/y:1');
});

test('bad flags are usage errors naming the flag', (t) => {
  const cwd = setup(t);
  const rows: [string[], RegExp][] = [
    [[], /expected one APP_DIR/],
    [['my-app', '--replicas', 'two'], /--replicas/],
    [['my-app', '--cpu', 'lots'], /--cpu/],
    [['my-app', '--storage', 'big'], /--storage/],
    [['my-app', '--memory', '1x'], /--memory/],
    [['my-app', '--name', 'Web_1'], /cannot name Kubernetes objects/],
    [['my-app', '-e', 'X=1', '-s', 'X=2'], /X given both/],
  ];
  for (const [argv, pattern] of rows)
    assert.throws(
      () => parseK8sArgs(argv, cwd),
      (err) => isModulusError(err) && err.code === 'USAGE' && pattern.test(err.message),
      argv.join(' '),
    );
});

test('the command: the same bytes on stdout each time, and a folder with the Secret readable by its owner only', async (t) => {
  const cwd = setup(t);
  const args = ['k8s', join(cwd, 'my-app'), '-e', 'A=1', '-s', 'TOKEN=t'];
  const [one, two] = [await runCli(args, { env: scrubbedEnv() }), await runCli(args, { env: scrubbedEnv() })];
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stdout, two.stdout);
  assert.match(one.stdout, /^kind: Deployment$/m);
  const out = join(cwd, 'manifests');
  const r = await runCli([...args, '-o', out], { env: scrubbedEnv() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /wrote ConfigMap my-app-env, Secret my-app-secret, Deployment my-app, Service my-app into/,
  );
  assert.deepEqual(readdirSync(out).sort(), [
    'configmap.yaml',
    'deployment.yaml',
    'kustomization.yaml',
    'secret.yaml',
    'service.yaml',
  ]);
  assert.equal(statSync(join(out, 'secret.yaml')).mode & 0o777, 0o600);
  assert.equal(statSync(join(out, 'deployment.yaml')).mode & 0o777, 0o644);
  const joined = ['configmap', 'secret', 'deployment', 'service']
    .map((f) => readFileSync(join(out, `${f}.yaml`), 'utf8').replace(/^# .*\n/, '---\n'))
    .join('');
  assert.equal(joined, one.stdout.replace(/^# .*\n/, ''));
});
