// The Kubernetes objects for an app, as plain data: a ConfigMap with its environment, a Secret
// with its secrets, a Deployment (or, with --storage, a StatefulSet with one claim per replica)
// running the pod of pod-template.ts, and a Service for $PORT. Pure: the same spec gives the same
// objects, in the same order, with the same keys.
import { createHash } from 'node:crypto';
import type { IConfigMap, ISecret, IService } from 'kubernetes-models/v1';
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import { parseConfigText } from '../config/parse.js';
import { PROGRAM_NAME, renderAppConf } from '../host/app-conf.js';
import { podTemplate, STORAGE_VOLUME } from './pod-template.js';
import type { K8sSpec } from './k8s-spec.js';

export type Manifest = IConfigMap | ISecret | IDeployment | IStatefulSet | IService;

// After the app's stopwaitsecs the supervisor kills it, stops the notifier (which exits at once on
// SIGTERM) and exits; the margin covers that and the kubelet's own signalling.
export const GRACE_MARGIN_SECS = 10;

/**
 * The app's stopwaitsecs, read back from the supervisor.conf `modulus config` writes for these
 * values (which also refuses, by name, a value supervisor.conf cannot carry, before any YAML exists).
 */
export function appStopWaitSecs(spec: K8sSpec): number {
  const text = renderAppConf({ env: [...spec.env, ...spec.secrets], port: spec.port });
  const config = parseConfigText(`[supervisord]\n${text}`, '/mnt/supervisor.conf', {
    env: {},
    hostname: 'localhost',
    cwd: '/',
  });
  return config.groups.find((g) => g.name === PROGRAM_NAME)!.processes[0]!.stopwaitsecs;
}

function metadata(
  name: string,
  labels: Record<string, string>,
): { name: string; labels: Record<string, string> } {
  return { name, labels: { ...labels } };
}

function envDigest(spec: K8sSpec): string {
  return createHash('sha256').update(JSON.stringify(spec.env)).digest('hex');
}

export function buildManifests(spec: K8sSpec): Manifest[] {
  const selector = { 'app.kubernetes.io/name': spec.name };
  const labels = { ...selector, 'app.kubernetes.io/managed-by': 'modulus' };
  const configMap = `${spec.name}-env`;
  const secret = `${spec.name}-secret`;
  const template = podTemplate(spec, {
    labels,
    // A changed environment changes the template, so applying it rolls the pods (the init
    // container reads the values only when a pod starts).
    annotations: { 'modulus.io/env-sha256': envDigest(spec) },
    configMap,
    secret,
    terminationGracePeriodSeconds: appStopWaitSecs(spec) + GRACE_MARGIN_SECS,
  });
  const out: Manifest[] = [];
  if (spec.env.length > 0)
    out.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: metadata(configMap, labels),
      data: Object.fromEntries(spec.env),
    });
  if (spec.secrets.length > 0)
    out.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: metadata(secret, labels),
      type: 'Opaque',
      // base64 carries every byte exactly; stringData would too, but reads back as data anyway.
      data: Object.fromEntries(spec.secrets.map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('base64')])),
    });
  out.push(
    spec.storage === undefined
      ? deployment(spec, labels, selector, template)
      : statefulSet(spec, labels, selector, template),
  );
  out.push({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(spec.name, labels),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'http', port: spec.port, targetPort: 'http', protocol: 'TCP' }],
    },
  });
  return out;
}

type Template = ReturnType<typeof podTemplate>;

function deployment(
  spec: K8sSpec,
  labels: Record<string, string>,
  selector: Record<string, string>,
  template: Template,
): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(spec.name, labels),
    spec: { replicas: spec.replicas, selector: { matchLabels: selector }, template },
  };
}

// One ReadWriteOnce claim per replica: every cluster has RWO storage, and app-storage was one
// container's own disk in the original, so no two replicas write the same files (see README).
function statefulSet(
  spec: K8sSpec,
  labels: Record<string, string>,
  selector: Record<string, string>,
  template: Template,
): IStatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metadata(spec.name, labels),
    spec: {
      serviceName: spec.name,
      replicas: spec.replicas,
      selector: { matchLabels: selector },
      template,
      volumeClaimTemplates: [
        {
          metadata: { name: STORAGE_VOLUME, labels: { ...labels } },
          spec: {
            accessModes: ['ReadWriteOnce'],
            ...(spec.storageClass === undefined ? {} : { storageClassName: spec.storageClass }),
            resources: { requests: { storage: spec.storage! } },
          },
        },
      ],
    },
  };
}
