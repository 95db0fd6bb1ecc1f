// A K8sSpec for the k8s unit tests, with the defaults `modulus k8s` gives.
import type { K8sSpec } from '../../../src/k8s/k8s-spec.js';

export function sampleSpec(over: Partial<K8sSpec> = {}): K8sSpec {
  return {
    appDir: '/srv/apps/web',
    name: 'web',
    port: 8080,
    env: [['NODE_ENV', 'production']],
    memory: undefined,
    image: 'registry.example/team/app-web:1.2.3',
    replicas: 1,
    secrets: [['API_TOKEN', 's3cr3t']],
    memoryQuantity: '512Mi',
    cpu: '500m',
    storage: undefined,
    storageClass: undefined,
    ...over,
  };
}
