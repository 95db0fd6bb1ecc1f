// Podman for the `modulus k8s` end-to-end test: the test-owned setup that
// scripts/podman-for-tests.sh writes (CONTAINERS_CONF, CONTAINERS_STORAGE_CONF), images handed over
// from the Docker engine, and the emitted manifests turned into what podman 4.3 can play.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { parseAllDocuments } from 'yaml';
import type { Exec } from './docker.js';

export const PODMAN_HOME =
  process.env.MODULUS_PODMAN_HOME || join(homedir(), '.cache', 'modulus-test', 'podman');
const ENV = {
  ...process.env,
  CONTAINERS_CONF: join(PODMAN_HOME, 'containers.conf'),
  CONTAINERS_STORAGE_CONF: join(PODMAN_HOME, 'storage.conf'),
};

/** Runs podman with the test's configuration; never throws for a non-zero exit. */
export function podman(args: readonly string[], input?: string, timeoutMs = 120_000): Promise<Exec> {
  return new Promise((resolve) => {
    const child = execFile(
      'podman',
      args,
      { env: ENV, timeout: timeoutMs, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({
          code,
          stdout: String(stdout),
          stderr: String(stderr || (err && !stderr ? err.message : '')),
        });
      },
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

export async function podmanOk(args: readonly string[], input?: string, timeoutMs?: number): Promise<string> {
  const r = await podman(args, input, timeoutMs);
  assert.equal(r.code, 0, `podman ${args.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** `docker save IMAGE | podman load`: the image the Docker engine built, in podman's storage. */
export async function loadFromDocker(image: string): Promise<void> {
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn('sh', ['-c', 'docker save "$1" | podman load -q', 'sh', image], {
      env: ENV,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', resolve);
  });
  assert.equal(code, 0, `docker save ${image} | podman load exited ${code}`);
}

/** True when podman and the test setup are here; otherwise fails (CI) or skips loudly. */
export function requirePodman(t: Pick<TestContext, 'name' | 'skip'>): boolean {
  const missing = ['/usr/bin/podman', ENV.CONTAINERS_CONF, ENV.CONTAINERS_STORAGE_CONF].filter(
    (p) => !existsSync(p),
  );
  if (missing.length === 0) return true;
  const message = `${missing.join(' and ')} missing (bash scripts/podman-for-tests.sh sets podman up)`;
  if (process.env.CI) assert.fail(`${message}: .ci/run must provide it`);
  process.stderr.write(`\n*** SKIPPED ${t.name}: ${message}; the Podman test did NOT run ***\n\n`);
  t.skip(message);
  return false;
}

interface Doc {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: {
    volumeClaimTemplates?: { metadata: { name: string } }[];
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        containers: Record<string, unknown>[];
        volumes: Record<string, unknown>[];
        terminationGracePeriodSeconds: number;
      };
    };
  };
}

export interface Playable {
  /** The ConfigMaps and the Pod, for `podman kube play`. */
  readonly yaml: string;
  readonly podName: string;
  /** Each Secret as podman 4.3 reads one for secretKeyRef: a JSON map of base64 values. */
  readonly secrets: readonly { name: string; json: string }[];
  readonly graceSeconds: number;
  /** The claims pod 0 of a StatefulSet gets (podman makes each a named volume). */
  readonly claims: readonly string[];
}

/**
 * The emitted manifests as podman 4.3 can play them, changing only what it cannot take: the pod
 * template becomes a Pod with restartPolicy Never (under Always podman restarts init containers
 * forever), hostNetwork true (no bridge network here) and no containerPort (podman turns those into
 * host port mappings, which host networking refuses); Secrets are created with `podman secret`
 * (a Secret in the played YAML crashes podman 4.3 or is stored in a form it cannot read back); a
 * StatefulSet's claim templates become the claims its pod 0 would get.
 */
export function playable(manifests: string): Playable {
  const docs = parseAllDocuments(manifests).map((d) => d.toJS() as Doc);
  const workload = docs.find((d) => d.kind === 'Deployment' || d.kind === 'StatefulSet');
  assert.ok(workload, 'the manifests hold a Deployment or StatefulSet');
  const template = workload.spec!.template;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: workload.metadata.name, labels: template.metadata.labels },
    spec: {
      ...template.spec,
      restartPolicy: 'Never',
      hostNetwork: true,
      containers: template.spec.containers.map((c) =>
        Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'ports')),
      ),
    },
  };
  // What a StatefulSet's controller does for pod 0: a claim per template, named TEMPLATE-NAME-0.
  const claims = (workload.spec!.volumeClaimTemplates ?? []).map(
    (c) => `${c.metadata.name}-${workload.metadata.name}-0`,
  );
  pod.spec.volumes = [
    ...template.spec.volumes,
    ...(workload.spec!.volumeClaimTemplates ?? []).map((c, i) => ({
      name: c.metadata.name,
      persistentVolumeClaim: { claimName: claims[i]! },
    })),
  ];
  const configMaps = docs.filter((d) => d.kind === 'ConfigMap');
  return {
    yaml: [...configMaps, pod].map((o) => JSON.stringify(o)).join('\n---\n'),
    podName: workload.metadata.name,
    secrets: docs
      .filter((d) => d.kind === 'Secret')
      .map((d) => ({ name: d.metadata.name, json: JSON.stringify(d.data) })),
    graceSeconds: template.spec.terminationGracePeriodSeconds,
    claims,
  };
}
