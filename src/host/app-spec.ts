// The one description of an app that every mode shares (`modulus run` here, `run --docker`,
// `modulus k8s`): its folder, name, environment, port and memory limit, read from the same flags
// the same way. Each mode adds only its own options around it.
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import { mergeEnv, parseEnvArg, parseEnvFile, type EnvPair } from './run-env.js';
import { checkRunName } from './workspace.js';

export interface AppSpec {
  /** Absolute path of the app's folder. */
  readonly appDir: string;
  readonly name: string;
  readonly port: number;
  /** The user's -e and --env-file values in order (PORT is carried by `port`). */
  readonly env: readonly EnvPair[];
  /** A size as docker run --memory takes it (256m, 1g), or undefined for no limit. */
  readonly memory: string | undefined;
}

export const DEFAULT_PORT = 8080;

/** A command-line flag as the CLI's parser takes it (cli/flags.ts FlagSpec). */
export interface AppFlagSpec {
  readonly short?: string;
  readonly long: string;
  readonly value?: boolean;
}

/** What readAppSpec reads of the parsed command line (cli/flags.ts Flags). */
export interface AppFlags {
  readonly positional: readonly string[];
  has(long: string): boolean;
  get(long: string): string | undefined;
  all(long: string): string[];
}

/** The flags every mode reads into an AppSpec. */
export const APP_SPEC_FLAGS: readonly AppFlagSpec[] = [
  { short: 'e', long: 'env', value: true },
  { long: 'env-file', value: true },
  { short: 'p', long: 'port', value: true },
  { long: 'name', value: true },
  { long: 'memory', value: true },
];

const MEMORY = /^\d+(\.\d+)?[bkmg]?$/i;

function parsePort(text: string, where: string, command: string): number {
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535))
    throw new ModulusError('USAGE', `${command}: ${where} should be a port number (1-65535), got "${text}"`);
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

function checkAppDir(dir: string, command: string): string {
  const abs = resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(abs).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir)
    throw new ModulusError('RUN_APP_DIR', `${abs} is not a directory`, {
      hint: `Pass the app's folder: modulus ${command} APP_DIR.`,
    });
  return abs;
}

/** The app's description from parsed flags (reads APP_DIR's type and the env files). */
export function readAppSpec(flags: AppFlags, command: string, cwd: string): AppSpec {
  const [dir, ...extra] = flags.positional;
  if (dir === undefined || extra.length > 0)
    throw new ModulusError(
      'USAGE',
      `${command}: expected one APP_DIR${extra.length > 0 ? `, got also "${extra[0]}"` : ''}`,
    );
  const memory = flags.get('memory');
  if (memory !== undefined && !MEMORY.test(memory))
    throw new ModulusError(
      'USAGE',
      `${command}: --memory expects a size such as 256m or 1g, got "${memory}"`,
    );
  const appDir = checkAppDir(resolve(cwd, dir), command);
  const name = checkRunName(flags.get('name') ?? basename(appDir), flags.has('name'));
  const env = mergeEnv(
    ...flags.all('env-file').map((file) => readEnvFile(file, cwd)),
    flags.all('env').map((arg) => parseEnvArg(arg, process.env)),
  );
  const portFlag = flags.get('port');
  const portEnv = env.find(([k]) => k === 'PORT')?.[1];
  const port = parsePort(
    portFlag ?? portEnv ?? String(DEFAULT_PORT),
    portFlag !== undefined ? '-p' : 'PORT',
    command,
  );
  if (portFlag !== undefined && portEnv !== undefined && parsePort(portEnv, 'PORT', command) !== port)
    throw new ModulusError('USAGE', `${command}: -p ${portFlag} and PORT=${portEnv} disagree`, {
      hint: 'Give the port once, with -p.',
    });
  return { appDir, name, port, env: env.filter(([k]) => k !== 'PORT'), memory };
}
