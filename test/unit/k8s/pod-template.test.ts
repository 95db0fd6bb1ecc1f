import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PodTemplateSpec } from 'kubernetes-models/v1';
import {
  APP_ENV_PREFIX,
  LIVENESS_SCRIPT,
  PREPARE_CAPABILITIES,
  SUPERVISOR_CAPABILITIES,
  podTemplate,
  prepareScript,
} from '../../../src/k8s/pod-template.js';
import { sampleSpec } from './spec-fixture.js';

const NAMES = {
  labels: { 'app.kubernetes.io/name': 'web' },
  annotations: {},
  configMap: 'web-env',
  secret: 'web-secret',
  terminationGracePeriodSeconds: 20,
};

function template(over = {}) {
  const t = podTemplate(sampleSpec(over), NAMES);
  new PodTemplateSpec(t).validate();
  return t.spec!;
}

test('init containers: prepare /mnt as root, then copy the app as mop; main container last', () => {
  const spec = template();
  assert.deepEqual(
    spec.initContainers!.map((c) => c.name),
    ['prepare', 'copy-app'],
  );
  const [prepare, copy] = spec.initContainers!;
  assert.deepEqual(prepare!.command, ['/bin/sh', '-c', prepareScript(sampleSpec())]);
  assert.match(prepareScript(sampleSpec()), /modulus volume init \/mnt\n/);
  assert.match(
    prepareScript(sampleSpec()),
    /modulus config --env-prefix MODULUS_APP_ENV_ --port 8080 -o \/mnt\/supervisor.conf\n/,
  );
  assert.deepEqual(copy!.command, ['cp', '-R', '/opt/modulus/app/.', '/mnt/app/']);
  assert.equal(copy!.securityContext!.runAsUser, 441);
  assert.equal(copy!.securityContext!.runAsGroup, 444);
  assert.deepEqual(copy!.securityContext!.capabilities, { drop: ['ALL'] });
  assert.deepEqual(PREPARE_CAPABILITIES, ['CHOWN', 'FOWNER']);
});

test('the app env reaches the init container under the prefix, from the ConfigMap and the Secret', () => {
  const [prepare] = template().initContainers!;
  assert.deepEqual(prepare!.env, [
    {
      name: `${APP_ENV_PREFIX}NODE_ENV`,
      valueFrom: { configMapKeyRef: { name: 'web-env', key: 'NODE_ENV' } },
    },
    {
      name: `${APP_ENV_PREFIX}API_TOKEN`,
      valueFrom: { secretKeyRef: { name: 'web-secret', key: 'API_TOKEN' } },
    },
  ]);
});

test('the main container: the image default command, read-only root, three capabilities, no escalation', () => {
  const spec = template();
  const [app] = spec.containers;
  assert.equal(app!.command, undefined);
  assert.equal(app!.args, undefined);
  assert.deepEqual(app!.securityContext, {
    runAsUser: 0,
    runAsGroup: 0,
    runAsNonRoot: false,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'], add: [...SUPERVISOR_CAPABILITIES] },
  });
  assert.deepEqual(spec.securityContext, { seccompProfile: { type: 'RuntimeDefault' } });
  assert.equal(spec.automountServiceAccountToken, false);
  assert.equal(spec.hostNetwork, undefined);
  for (const c of [...spec.initContainers!, ...spec.containers]) {
    assert.equal(c.securityContext!.readOnlyRootFilesystem, true, c.name);
    assert.equal(c.securityContext!.allowPrivilegeEscalation, false, c.name);
    assert.equal(c.imagePullPolicy, 'IfNotPresent');
    assert.equal(c.image, sampleSpec().image);
  }
  assert.deepEqual(app!.env, [{ name: 'MODULUS_NOTIFY_STDOUT', value: '1' }]);
});

test('what the supervisor writes outside /mnt is an emptyDir; /mnt itself is one', () => {
  const spec = template();
  const [app] = spec.containers;
  assert.deepEqual(app!.volumeMounts, [
    { name: 'mnt', mountPath: '/mnt' },
    { name: 'run', mountPath: '/run/modulus' },
  ]);
  assert.deepEqual(spec.volumes, [
    { name: 'mnt', emptyDir: {} },
    { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
  ]);
});

test('probes: readiness on the app port, liveness on the supervisor (BACKOFF is alive, FATAL is not)', () => {
  const [app] = template({ port: 3000 }).containers;
  assert.deepEqual(app!.readinessProbe!.tcpSocket, { port: 'http' });
  assert.deepEqual(app!.ports, [{ name: 'http', containerPort: 3000, protocol: 'TCP' }]);
  assert.deepEqual(app!.livenessProbe!.exec!.command, ['/bin/sh', '-c', LIVENESS_SCRIPT]);
  assert.match(LIVENESS_SCRIPT, /"app "\*FATAL\*\) echo "\$out"; exit 1 ;;/);
});

test('resources: requests equal limits, in every container', () => {
  const spec = template({ memoryQuantity: '256Mi', cpu: '2' });
  for (const c of [...spec.initContainers!, ...spec.containers])
    assert.deepEqual(c.resources, {
      requests: { cpu: '2', memory: '256Mi' },
      limits: { cpu: '2', memory: '256Mi' },
    });
});
