import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkK8sSpec } from '../../../src/k8s/k8s-spec.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';
import { sampleSpec } from './spec-fixture.js';

test('a good spec passes unchanged', () => {
  const spec = sampleSpec();
  assert.equal(checkK8sSpec(spec), spec);
  checkK8sSpec(sampleSpec({ image: 'localhost:5000/app-web@sha256:' + 'a'.repeat(64) }));
  checkK8sSpec(sampleSpec({ image: 'modulus/app-web:latest', storage: '1Gi', storageClass: 'standard' }));
});

test('what Kubernetes or the pod cannot take is refused, saying what', () => {
  const rows: [Parameters<typeof sampleSpec>[0], RegExp][] = [
    [{ name: 'My_App' }, /cannot name Kubernetes objects/],
    [{ name: 'a'.repeat(53) }, /cannot name Kubernetes objects/],
    [{ name: '-web' }, /cannot name Kubernetes objects/],
    [{ image: 'Bad Image' }, /not an image reference/],
    [{ replicas: 0 }, /--replicas/],
    [{ env: [['API_TOKEN', 'x']] }, /API_TOKEN given both as -e and as --secret/],
    [{ secrets: [['PORT', '1']] }, /PORT cannot be a secret/],
    [{ storageClass: 'fast' }, /--storage-class only applies with --storage/],
    [{ storage: '1Gi', storageClass: 'Fast SSD' }, /is not a class name/],
  ];
  for (const [over, pattern] of rows)
    assert.throws(
      () => checkK8sSpec(sampleSpec(over)),
      (err) => isModulusError(err) && err.code === 'USAGE' && pattern.test(err.message),
      JSON.stringify(over),
    );
});
