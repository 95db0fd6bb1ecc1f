// What `modulus k8s` is asked to emit: the app's shared description (AppSpec) plus what only a
// cluster needs. Checked here once, so the manifest builders can trust every field.
import { ModulusError } from '../errors/modulus-error.js';
import type { AppSpec } from '../host/app-spec.js';
import type { EnvPair } from '../host/run-env.js';

export interface K8sSpec extends AppSpec {
  readonly image: string;
  readonly replicas: number;
  /** Values that go into the Secret, never the ConfigMap. */
  readonly secrets: readonly EnvPair[];
  /** A Kubernetes quantity (sizeQuantity). */
  readonly memoryQuantity: string;
  /** A Kubernetes quantity (cpuQuantity). */
  readonly cpu: string;
  /** The app-storage claim's size; undefined for no persistent storage. */
  readonly storage: string | undefined;
  readonly storageClass: string | undefined;
}

// An object name that is also a DNS label; 52 leaves room for a StatefulSet's pod and revision suffixes.
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_NAME = 52;
// An image reference: [registry[:port]/]path[:tag][@sha256:digest], as docker reads it.
const IMAGE =
  /^[a-z0-9]+([._-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/;

export function checkK8sSpec(spec: K8sSpec): K8sSpec {
  if (!DNS_LABEL.test(spec.name) || spec.name.length > MAX_NAME)
    throw new ModulusError('USAGE', `k8s: "${spec.name}" cannot name Kubernetes objects`, {
      hint: `Use --name with lowercase letters, digits and "-" (at most ${MAX_NAME}, starting and ending with a letter or digit).`,
    });
  if (!IMAGE.test(spec.image))
    throw new ModulusError('USAGE', `k8s: "${spec.image}" is not an image reference (registry/name:tag)`);
  if (!Number.isInteger(spec.replicas) || spec.replicas < 1)
    throw new ModulusError(
      'USAGE',
      `k8s: --replicas expects a whole number of 1 or more, got ${spec.replicas}`,
    );
  const envNames = new Set(spec.env.map(([name]) => name));
  const both = spec.secrets.map(([name]) => name).filter((name) => envNames.has(name));
  if (both.length > 0)
    throw new ModulusError('USAGE', `k8s: ${both.join(', ')} given both as -e and as --secret`, {
      hint: 'Give each variable once: a secret only with --secret.',
    });
  if (spec.secrets.some(([name]) => name === 'PORT'))
    throw new ModulusError('USAGE', 'k8s: PORT cannot be a secret', { hint: 'Give the port with -p.' });
  if (spec.storageClass !== undefined && !DNS_LABEL.test(spec.storageClass))
    throw new ModulusError('USAGE', `k8s: --storage-class "${spec.storageClass}" is not a class name`);
  if (spec.storageClass !== undefined && spec.storage === undefined)
    throw new ModulusError('USAGE', 'k8s: --storage-class only applies with --storage SIZE');
  return spec;
}
