import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigMap, Secret, Service } from 'kubernetes-models/v1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import {
  appStopWaitSecs,
  buildManifests,
  GRACE_MARGIN_SECS,
  type Manifest,
} from '../../../src/k8s/manifests.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';
import { sampleSpec } from './spec-fixture.js';

const MODELS = { ConfigMap, Secret, Service, Deployment, StatefulSet } as const;

/** Validates against the Kubernetes OpenAPI schema (kubernetes-models), throwing on any error. */
function validate(o: Manifest): void {
  const Model = MODELS[o.kind as keyof typeof MODELS];
  assert.ok(Model, `a model for ${o.kind}`);
  new Model(o as never).validate();
}

const SPECS = {
  plain: sampleSpec(),
  'no env, no secrets': sampleSpec({ env: [], secrets: [] }),
  'storage, 3 replicas': sampleSpec({ storage: '10Gi', replicas: 3, storageClass: 'fast-ssd' }),
  'odd values': sampleSpec({
    env: [
      ['MULTI', 'line one\nline two'],
      ['QUOTES', 'say "hi", 100% ; # ='],
      ['UNICODE', 'héllo ✓ 日本'],
    ],
    secrets: [['KEY', '-----BEGIN KEY-----\nabc\n-----END KEY-----']],
  }),
};

for (const [label, spec] of Object.entries(SPECS)) {
  test(`every object validates against the Kubernetes schema: ${label}`, () => {
    const objects = buildManifests(spec);
    assert.ok(objects.length >= 2);
    for (const o of objects) validate(o);
  });
}

test('the validator does catch a bad object (so the tests above mean something)', () => {
  const [deployment] = buildManifests(sampleSpec({ env: [], secrets: [] }));
  const bad = structuredClone(deployment!) as { spec: { replicas: unknown } };
  bad.spec.replicas = 'three';
  assert.throws(() => validate(bad as Manifest));
});

test('same spec, same objects; objects in a fixed order', () => {
  assert.deepEqual(buildManifests(sampleSpec()), buildManifests(sampleSpec()));
  assert.deepEqual(
    buildManifests(sampleSpec()).map((o) => `${o.kind}/${o.metadata!.name}`),
    ['ConfigMap/web-env', 'Secret/web-secret', 'Deployment/web', 'Service/web'],
  );
  assert.deepEqual(
    buildManifests(sampleSpec({ env: [], secrets: [], storage: '1Gi' })).map((o) => o.kind),
    ['StatefulSet', 'Service'],
  );
});

test('secret values are in the Secret only, exactly, base64; the ConfigMap has the rest', () => {
  const spec = SPECS['odd values'];
  const objects = buildManifests(spec);
  const text = JSON.stringify(objects.filter((o) => o.kind !== 'Secret'));
  assert.doesNotMatch(text, /BEGIN KEY/);
  const secret = objects.find((o) => o.kind === 'Secret') as { data: Record<string, string> };
  assert.equal(Buffer.from(secret.data.KEY!, 'base64').toString('utf8'), spec.secrets[0]![1]);
  const configMap = objects.find((o) => o.kind === 'ConfigMap') as { data: Record<string, string> };
  assert.deepEqual(configMap.data, Object.fromEntries(spec.env));
});

test('the grace period is longer than the app stopwaitsecs plus a margin', () => {
  const stopwait = appStopWaitSecs(sampleSpec());
  assert.equal(stopwait, 10);
  const d = buildManifests(sampleSpec()).find((o) => o.kind === 'Deployment') as Deployment;
  assert.equal(d.spec!.template.spec!.terminationGracePeriodSeconds, stopwait + GRACE_MARGIN_SECS);
  assert.ok(GRACE_MARGIN_SECS >= 5);
});

test('a value supervisor.conf cannot carry is refused by name before any object exists', () => {
  assert.throws(
    () => buildManifests(sampleSpec({ secrets: [['BAD', `'both' "quotes" , here`]] })),
    (err) => isModulusError(err) && err.code === 'CONF_UNREPRESENTABLE' && /BAD/.test(err.message),
  );
});

test('--storage: a StatefulSet with one ReadWriteOnce claim per replica, mounted at /mnt/app-storage', () => {
  const [set] = buildManifests(sampleSpec({ env: [], secrets: [], storage: '5Gi', replicas: 2 })) as [
    StatefulSet,
  ];
  assert.equal(set.spec!.serviceName, 'web');
  assert.equal(set.spec!.replicas, 2);
  const claim = set.spec!.volumeClaimTemplates![0]!;
  assert.equal(claim.metadata!.name, 'app-storage');
  assert.deepEqual(claim.spec!.accessModes, ['ReadWriteOnce']);
  assert.equal(claim.spec!.resources!.requests!.storage, '5Gi');
  assert.equal(claim.spec!.storageClassName, undefined);
  for (const c of [
    ...set.spec!.template.spec!.initContainers!.slice(0, 1),
    ...set.spec!.template.spec!.containers,
  ])
    assert.ok(
      c.volumeMounts!.some((m) => m.name === 'app-storage' && m.mountPath === '/mnt/app-storage'),
      c.name,
    );
});

test('the Service selects the pods and targets the named port', () => {
  const objects = buildManifests(sampleSpec({ port: 3000 }));
  const service = objects.find((o) => o.kind === 'Service') as Service;
  const deployment = objects.find((o) => o.kind === 'Deployment') as Deployment;
  assert.deepEqual(service.spec!.selector, deployment.spec!.selector.matchLabels);
  for (const [k, v] of Object.entries(service.spec!.selector!))
    assert.equal(deployment.spec!.template.metadata!.labels![k], v);
  assert.deepEqual(service.spec!.ports, [{ name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' }]);
  assert.equal(deployment.spec!.template.spec!.containers[0]!.ports![0]!.containerPort, 3000);
});

test('a changed environment changes the pod template (so applying it rolls the pods)', () => {
  const annotation = (env: [string, string][]): string => {
    const d = buildManifests(sampleSpec({ env })).find((o) => o.kind === 'Deployment') as Deployment;
    return d.spec!.template.metadata!.annotations!['modulus.io/env-sha256']!;
  };
  assert.notEqual(annotation([['A', '1']]), annotation([['A', '2']]));
  assert.equal(annotation([['A', '1']]), annotation([['A', '1']]));
});
