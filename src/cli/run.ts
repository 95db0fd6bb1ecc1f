// `modulus run APP_DIR [--docker] [-e K=V]... [--env-file F] [-p PORT] [--volume DIR] [--image NAME]
// [--name NAME] [--memory SIZE]`: the main job. Reads the command line into a run request; the
// runners in src/host/ (local-run.ts, docker-run.ts) do the rest.
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import { DEFAULT_IMAGE } from '../host/images.js';
import type { RunRequest } from '../host/run-request.js';
import { mergeEnv, parseEnvArg, parseEnvFile, type EnvPair } from '../host/run-env.js';
import { shellWord } from '../host/local-runtime.js';
import { checkRunName, workspace } from '../host/workspace.js';
import { parseFlags, type FlagSpec } from './flags.js';

const FLAGS: readonly FlagSpec[] = [
  { long: 'docker' },
  { short: 'e', long: 'env', value: true },
  { long: 'env-file', value: true },
  { short: 'p', long: 'port', value: true },
  { long: 'volume', value: true },
  { long: 'image', value: true },
  { long: 'name', value: true },
  { long: 'memory', value: true },
  { short: 'h', long: 'help' },
];

const USAGE = `Usage: modulus run APP_DIR [options]

Builds the Node.js app in APP_DIR into a volume (modulus build: dependencies installed with the
Node.js it runs on, cached), runs it under the supervisor, as the run images do, and shows its
log until Ctrl-C. Without --docker it runs right here (no Docker needed); with --docker, in a
container of the run-node image.

Options:
  -p, --port PORT      the port the app gets in $PORT (default 8080)
  -e, --env K=V        an environment variable for the app (repeatable; -e K passes ours on)
      --env-file FILE  a .env file: K=V, export K=V, quoted values, # comments
      --volume DIR     the volume to use (default .modulus/volumes/NAME here)
      --name NAME      the run's name (default: APP_DIR's name); ctl, logs use it
      --docker         run in Docker (needs root, to give the volume to the image's mop user)
      --image NAME     the image for --docker (default ${DEFAULT_IMAGE}, built when missing)
      --memory SIZE    the container's memory limit for --docker (e.g. 256m)

Then, from the same directory: modulus ctl status, modulus logs -f, modulus notifications.
`;

function parsePort(text: string, where: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535))
    throw new ModulusError('USAGE', `run: ${where} should be a port number (1-65535), got "${text}"`);
  return port;
}

function readEnvFile(file: string, cwd: string): EnvPair[] {
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (cause) {
    throw new ModulusError(
      'RUN_ENV',
      `cannot read the env file ${file}: ${errnoCode(cause) ?? String(cause)}`,
      {
        cause,
      },
    );
  }
  return parseEnvFile(text, file, process.env);
}

function checkAppDir(dir: string): string {
  const abs = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir)
    throw new ModulusError('RUN_APP_DIR', `${abs} is not a directory`, {
      hint: "Pass the app's folder: modulus run APP_DIR.",
    });
  return abs;
}

/** The run request from the command line (pure but for reading APP_DIR and env files). */
export function parseRunArgs(argv: readonly string[], cwd: string = process.cwd()): RunRequest | 'help' {
  const flags = parseFlags(argv, FLAGS, 'run');
  if (flags.has('help')) return 'help';
  const [dir, ...extra] = flags.positional;
  if (dir === undefined || extra.length > 0)
    throw new ModulusError(
      'USAGE',
      `run: expected one APP_DIR${extra.length > 0 ? `, got also "${extra[0]}"` : ''}`,
    );
  const docker = flags.has('docker');
  for (const only of ['image', 'memory'])
    if (flags.has(only) && !docker)
      throw new ModulusError('USAGE', `run: --${only} only applies with --docker`);
  const memory = flags.get('memory');
  if (memory !== undefined && !/^\d+(\.\d+)?[bkmg]?$/i.test(memory))
    throw new ModulusError('USAGE', `run: --memory expects a size such as 256m or 1g, got "${memory}"`);
  const appDir = checkAppDir(resolve(cwd, dir));
  const name = checkRunName(flags.get('name') ?? basename(appDir), flags.has('name'));
  const env = mergeEnv(
    ...flags.all('env-file').map((file) => readEnvFile(file, cwd)),
    flags.all('env').map((arg) => parseEnvArg(arg, process.env)),
  );
  const portFlag = flags.get('port');
  const portEnv = env.find(([k]) => k === 'PORT')?.[1];
  const port = parsePort(portFlag ?? portEnv ?? '8080', portFlag !== undefined ? '-p' : 'PORT');
  if (portFlag !== undefined && portEnv !== undefined && parsePort(portEnv, 'PORT') !== port)
    throw new ModulusError('USAGE', `run: -p ${portFlag} and PORT=${portEnv} disagree`, {
      hint: 'Give the port once, with -p.',
    });
  const ws = workspace(cwd);
  return {
    mode: docker ? 'docker' : 'local',
    appDir,
    name,
    volume: resolve(cwd, flags.get('volume') ?? ws.volume(name)),
    port,
    env: env.filter(([k]) => k !== 'PORT'),
    image: flags.get('image') ?? DEFAULT_IMAGE,
    memory,
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
