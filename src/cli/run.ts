// `modulus run APP_DIR [--docker] [-e K=V]... [--env-file F] [-p PORT] [--volume DIR] [--image NAME]
// [--name NAME] [--memory SIZE]`: the main job. Reads the command line into a run request; the
// runners in src/host/ (local-run.ts, docker-run.ts) do the rest.
import { resolve } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { APP_SPEC_FLAGS, readAppSpec } from '../host/app-spec.js';
import { DEFAULT_IMAGE } from '../host/images.js';
import type { RunRequest } from '../host/run-request.js';
import { shellWord } from '../host/local-runtime.js';
import { workspace } from '../host/workspace.js';
import { parseFlags, type FlagSpec } from './flags.js';

const FLAGS: readonly FlagSpec[] = [
  ...APP_SPEC_FLAGS,
  { long: 'docker' },
  { long: 'volume', value: true },
  { long: 'image', value: true },
  { short: 'h', long: 'help' },
];

const USAGE = `Usage: modulus run APP_DIR [options]

Builds the Node.js app in APP_DIR into a volume (modulus build: dependencies installed with the
Node.js it runs on, cached), runs it under the supervisor, as the run images do, and shows its
log until Ctrl-C. Without --docker it runs right here (no Docker needed); with --docker, in a
container of the run-node image, built first in a container of the build image (build-node).

Options:
  -p, --port PORT      the port the app gets in $PORT (default 8080)
  -e, --env K=V        an environment variable for the app (repeatable; -e K passes ours on)
      --env-file FILE  a .env file: K=V, export K=V, quoted values, # comments
      --volume DIR     the volume to use (default .modulus/volumes/NAME here)
      --name NAME      the run's name (default: APP_DIR's name); ctl, logs use it
      --docker         run in Docker (needs root, to give the volume to the image's mop user)
      --image NAME     the image for --docker (default ${DEFAULT_IMAGE}, built when missing;
                       P/run-node builds in P/build-node, any other image in itself)
      --memory SIZE    the container's memory limit for --docker (e.g. 256m)

Then, from the same directory: modulus ctl status, modulus logs -f, modulus notifications.
`;

/** The run request from the command line (pure but for reading APP_DIR and env files). */
export function parseRunArgs(argv: readonly string[], cwd: string = process.cwd()): RunRequest | 'help' {
  const flags = parseFlags(argv, FLAGS, 'run');
  if (flags.has('help')) return 'help';
  const docker = flags.has('docker');
  for (const only of ['image', 'memory'])
    if (flags.has(only) && !docker)
      throw new ModulusError('USAGE', `run: --${only} only applies with --docker`);
  const app = readAppSpec(flags, 'run', cwd);
  const ws = workspace(cwd);
  return {
    mode: docker ? 'docker' : 'local',
    ...app,
    volume: resolve(cwd, flags.get('volume') ?? ws.volume(app.name)),
    image: flags.get('image') ?? DEFAULT_IMAGE,
    workspace: ws,
    rerun: ['modulus', 'run', ...argv].map(shellWord).join(' '),
  };
}

export async function main(argv: string[]): Promise<number> {
  const request = parseRunArgs(argv);
  if (request === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const runner =
    request.mode === 'docker' ? await import('../host/docker-run.js') : await import('../host/local-run.js');
  return runner.run(request);
}
