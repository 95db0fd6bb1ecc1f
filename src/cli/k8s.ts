// `modulus k8s APP_DIR [-o DIR] [options]`: writes the Kubernetes manifests for the app (to stdout,
// or as a kustomize-able folder). The app is described by the same flags as `modulus run`; the
// manifests are built by src/k8s/ as plain data and written here.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import { writeFileAtomically } from '../os/atomic-file.js';
import { APP_SPEC_FLAGS, readAppSpec } from '../host/app-spec.js';
import { appImageTag } from '../host/app-image.js';
import { DEFAULT_PREFIX } from '../host/images.js';
import { mergeEnv, parseEnvArg, parseEnvFile, type EnvPair } from '../host/run-env.js';
import { checkK8sSpec, type K8sSpec } from '../k8s/k8s-spec.js';
import { manifestFolder, manifestStream } from '../k8s/manifest-files.js';
import { buildManifests } from '../k8s/manifests.js';
import { cpuQuantity, sizeQuantity } from '../k8s/quantity.js';
import { parseFlags, type FlagSpec } from './flags.js';

const DEFAULT_MEMORY = '512m';
const DEFAULT_CPU = '0.5';

const FLAGS: readonly FlagSpec[] = [
  ...APP_SPEC_FLAGS,
  { short: 'o', long: 'output', value: true },
  { long: 'image', value: true },
  { long: 'image-prefix', value: true },
  { long: 'replicas', value: true },
  { short: 's', long: 'secret', value: true },
  { long: 'secret-file', value: true },
  { long: 'cpu', value: true },
  { long: 'storage', value: true },
  { long: 'storage-class', value: true },
  { short: 'h', long: 'help' },
];

const USAGE = `Usage: modulus k8s APP_DIR [options]

Writes Kubernetes manifests that run the app in APP_DIR the way the run images do: a ConfigMap
(its environment), a Secret (its secrets), a Deployment (a StatefulSet with --storage) and a
Service. Build the image they name with: modulus images build-app APP_DIR.

Options:
  -o, --output DIR       write a kustomize-able folder (one file per object and kustomization.yaml)
                         instead of one YAML stream on stdout
  -p, --port PORT        the port the app gets in $PORT, and the Service's (default 8080)
  -e, --env K=V          an environment variable, in the ConfigMap (repeatable; -e K passes ours on)
      --env-file FILE    variables from a file, one K=V per line (read as docker run reads it)
  -s, --secret K=V       a variable kept in the Secret, never in the ConfigMap (repeatable)
      --secret-file FILE secrets from a file, one K=V per line
      --name NAME        the objects' name (default: APP_DIR's name)
      --image REF        the app's image (default PREFIX/app-NAME:latest)
      --image-prefix P   the prefix build-app tagged it with (default ${DEFAULT_PREFIX})
      --replicas N       pods (default 1)
      --memory SIZE      the memory request and limit of each pod (default ${DEFAULT_MEMORY})
      --cpu N            the CPU request and limit, cores or millicores (default ${DEFAULT_CPU})
      --storage SIZE     persistent /mnt/app-storage: a StatefulSet with one claim of SIZE per replica
      --storage-class C  the claims' storage class (default: the cluster's)
`;

function readPairs(file: string, cwd: string): EnvPair[] {
  try {
    return parseEnvFile(readFileSync(resolve(cwd, file), 'utf8'), file, process.env);
  } catch (cause) {
    if (cause instanceof ModulusError) throw cause;
    throw new ModulusError('RUN_ENV', `cannot read ${file}: ${errnoCode(cause) ?? String(cause)}`, { cause });
  }
}

function whole(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text))
    throw new ModulusError('USAGE', `k8s: ${flag} expects a whole number, got "${text}"`);
  return Number(text);
}

export interface K8sRequest {
  readonly spec: K8sSpec;
  /** The folder to write; undefined for stdout. */
  readonly output: string | undefined;
}

/** The request from the command line (pure but for reading APP_DIR and env files). */
export function parseK8sArgs(argv: readonly string[], cwd: string = process.cwd()): K8sRequest | 'help' {
  const flags = parseFlags(argv, FLAGS, 'k8s');
  if (flags.has('help')) return 'help';
  const app = readAppSpec(flags, 'k8s', cwd);
  const secrets = mergeEnv(
    ...flags.all('secret-file').map((file) => readPairs(file, cwd)),
    flags.all('secret').map((arg) => parseEnvArg(arg, process.env)),
  );
  const prefix = flags.get('image-prefix') ?? DEFAULT_PREFIX;
  const storage = flags.get('storage');
  const spec = checkK8sSpec({
    ...app,
    image: flags.get('image') ?? appImageTag(prefix, app.name),
    replicas: whole(flags.get('replicas'), '--replicas', 1),
    secrets,
    memoryQuantity: sizeQuantity(app.memory ?? DEFAULT_MEMORY, '--memory'),
    cpu: cpuQuantity(flags.get('cpu') ?? DEFAULT_CPU),
    storage: storage === undefined ? undefined : sizeQuantity(storage, '--storage'),
    storageClass: flags.get('storage-class'),
  });
  const output = flags.get('output');
  return { spec, output: output === undefined ? undefined : resolve(cwd, output) };
}

export async function main(argv: string[]): Promise<number> {
  const request = parseK8sArgs(argv);
  if (request === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const objects = buildManifests(request.spec);
  const dir = request.output;
  if (dir === undefined) {
    process.stdout.write(manifestStream(objects));
    return 0;
  }
  try {
    mkdirSync(dir, { recursive: true });
    for (const file of manifestFolder(objects))
      writeFileAtomically(join(dir, file.name), file.text, { mode: file.secret ? 0o600 : 0o644 });
  } catch (cause) {
    throw new ModulusError(
      'K8S_OUTPUT',
      `cannot write the manifests into ${dir}: ${errnoCode(cause) ?? String(cause)}`,
      {
        cause,
      },
    );
  }
  process.stderr.write(
    `wrote ${objects.map((o) => `${o.kind} ${o.metadata!.name}`).join(', ')} into ${dir} (kubectl apply -k ${dir})\n`,
  );
  return 0;
}
