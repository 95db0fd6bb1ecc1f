import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpuQuantity, sizeQuantity } from '../../../src/k8s/quantity.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

test('sizes: docker syntax and Kubernetes binary units, as the largest exact unit', () => {
  const rows: [string, string][] = [
    ['256m', '256Mi'],
    ['256M', '256Mi'],
    ['1g', '1Gi'],
    ['1.5g', '1536Mi'],
    ['512k', '512Ki'],
    ['1048576', '1Mi'],
    ['1000b', '1000'],
    ['512Mi', '512Mi'],
    ['10Gi', '10Gi'],
    ['2048Mi', '2Gi'],
    ['1Ti', '1Ti'],
  ];
  for (const [input, want] of rows) assert.equal(sizeQuantity(input, '--memory'), want, input);
  for (const bad of ['', 'lots', '0', '1.5', '-1g', '1gb', '5MiB', '1e3'])
    assert.throws(
      () => sizeQuantity(bad, '--memory'),
      (err) => isModulusError(err) && err.code === 'USAGE' && err.message.includes('--memory'),
      bad,
    );
});

test('cpu: cores or millicores, canonical', () => {
  const rows: [string, string][] = [
    ['0.5', '500m'],
    ['2', '2'],
    ['1.25', '1250m'],
    ['250m', '250m'],
    ['1000m', '1'],
    ['0.001', '1m'],
  ];
  for (const [input, want] of rows) assert.equal(cpuQuantity(input), want, input);
  for (const bad of ['', '0', '0m', 'half', '0.0001', '-1', '1.5m'])
    assert.throws(
      () => cpuQuantity(bad),
      (err) => isModulusError(err) && err.code === 'USAGE',
      bad,
    );
});
