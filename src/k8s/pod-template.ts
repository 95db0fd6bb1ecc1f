// The pod that runs the app the way the run images define it: an init container prepares /mnt as
// `modulus volume init` and `modulus config` do, a second copies the app from the image (where
// `modulus images build-app` put it read-only) into /mnt/app as mop, and the main container is the
// app image's own /sbin/my_init on a read-only root filesystem. Every choice is explained in the
// README's "Beyond one machine".
import type { IContainer, IEnvVar, IPodTemplateSpec, IVolume, IVolumeMount } from 'kubernetes-models/v1';
import { IMAGE_GLOBAL_CONF } from '../host/global-conf.js';
import { APP_IMAGE_DIR } from '../host/app-image.js';
import { DEFAULT_IDS, volumePaths } from '../host/volume-layout.js';
import { NOTIFY_STDOUT_ENV } from '../notify/line-sink.js';
import type { K8sSpec } from './k8s-spec.js';

/** How the init container's environment names the app's variables (`modulus config --env-prefix`). */
export const APP_ENV_PREFIX = 'MODULUS_APP_ENV_';
export const STORAGE_VOLUME = 'app-storage';
const MNT_VOLUME = 'mnt';
const RUN_VOLUME = 'run';
const MODULUS = '/usr/local/bin/modulus';
const MNT = volumePaths(IMAGE_GLOBAL_CONF.mnt);
const RUN_DIR = IMAGE_GLOBAL_CONF.runDir;

// What the supervisor needs as root: SETUID and SETGID to become mop (setgroups included), KILL to
// signal mop's processes. Nothing else: it only writes where root owns the directory.
export const SUPERVISOR_CAPABILITIES = ['SETUID', 'SETGID', 'KILL'] as const;
// What `modulus volume init` needs as root: CHOWN to give entries to mop, FOWNER to set the modes
// of entries it no longer owns.
export const PREPARE_CAPABILITIES = ['CHOWN', 'FOWNER'] as const;

// Liveness: the supervisor answers, and has not given the app up. BACKOFF, STARTING and a STOPPED
// app are alive (the supervisor is retrying, or an operator stopped it); FATAL or no answer is not.
export const LIVENESS_SCRIPT = `out=$(${MODULUS} supervisorctl -c /etc/modulus/supervisord.conf status app 2>&1)
case $out in
  "app "*FATAL*) echo "$out"; exit 1 ;;
  "app "*) exit 0 ;;
  *) echo "$out"; exit 1 ;;
esac
`;

export function prepareScript(spec: K8sSpec): string {
  return [
    'set -e',
    `${MODULUS} volume init ${MNT.root}`,
    `${MODULUS} config --env-prefix ${APP_ENV_PREFIX} --port ${spec.port} -o ${MNT.supervisorConf}`,
    // An emptyDir starts out 0777; the control socket's directory must be root's alone.
    `chmod 0700 ${RUN_DIR}`,
    '',
  ].join('\n');
}

function envFrom(spec: K8sSpec, configMap: string, secret: string): IEnvVar[] {
  return [
    ...spec.env.map(([key]) => ({
      name: `${APP_ENV_PREFIX}${key}`,
      valueFrom: { configMapKeyRef: { name: configMap, key } },
    })),
    ...spec.secrets.map(([key]) => ({
      name: `${APP_ENV_PREFIX}${key}`,
      valueFrom: { secretKeyRef: { name: secret, key } },
    })),
  ];
}

function resources(spec: K8sSpec): IContainer['resources'] {
  const amounts = { cpu: spec.cpu, memory: spec.memoryQuantity };
  return { requests: { ...amounts }, limits: { ...amounts } };
}

function mounts(spec: K8sSpec, run: boolean): IVolumeMount[] {
  return [
    { name: MNT_VOLUME, mountPath: MNT.root },
    ...(spec.storage === undefined ? [] : [{ name: STORAGE_VOLUME, mountPath: MNT.appStorage }]),
    ...(run ? [{ name: RUN_VOLUME, mountPath: RUN_DIR }] : []),
  ];
}

function rootContainer(capabilities: readonly string[]): IContainer['securityContext'] {
  return {
    runAsUser: 0,
    runAsGroup: 0,
    runAsNonRoot: false,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'], add: [...capabilities] },
  };
}

export interface TemplateNames {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly configMap: string;
  readonly secret: string;
  readonly terminationGracePeriodSeconds: number;
}

export function podTemplate(spec: K8sSpec, names: TemplateNames): IPodTemplateSpec {
  const image = { image: spec.image, imagePullPolicy: 'IfNotPresent' as const };
  const prepare: IContainer = {
    name: 'prepare',
    ...image,
    command: ['/bin/sh', '-c', prepareScript(spec)],
    env: envFrom(spec, names.configMap, names.secret),
    resources: resources(spec),
    securityContext: rootContainer(PREPARE_CAPABILITIES),
    volumeMounts: mounts(spec, true),
  };
  const copyApp: IContainer = {
    name: 'copy-app',
    ...image,
    command: ['cp', '-R', `${APP_IMAGE_DIR}/.`, `${MNT.app}/`],
    resources: resources(spec),
    securityContext: {
      runAsUser: DEFAULT_IDS.uid,
      runAsGroup: DEFAULT_IDS.gid,
      runAsNonRoot: true,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: MNT_VOLUME, mountPath: MNT.root }],
  };
  const app: IContainer = {
    name: 'app',
    ...image,
    env: [{ name: NOTIFY_STDOUT_ENV, value: '1' }],
    ports: [{ name: 'http', containerPort: spec.port, protocol: 'TCP' }],
    readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 },
    livenessProbe: {
      exec: { command: ['/bin/sh', '-c', LIVENESS_SCRIPT] },
      initialDelaySeconds: 10,
      periodSeconds: 30,
      timeoutSeconds: 10,
      failureThreshold: 3,
    },
    resources: resources(spec),
    securityContext: rootContainer(SUPERVISOR_CAPABILITIES),
    volumeMounts: mounts(spec, true),
  };
  const volumes: IVolume[] = [
    { name: MNT_VOLUME, emptyDir: {} },
    { name: RUN_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
  ];
  return {
    metadata: { labels: names.labels, annotations: names.annotations },
    spec: {
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      terminationGracePeriodSeconds: names.terminationGracePeriodSeconds,
      initContainers: [prepare, copyApp],
      containers: [app],
      volumes,
    },
  };
}
