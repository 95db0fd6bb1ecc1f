// The environment a user gives `modulus run`: `-e K=V` (or `-e K` to pass our own value on) and
// `--env-file F`, read as dotenv reads .env files, merged in order so that a later value wins.
import { ModulusError } from '../errors/modulus-error.js';
import { DotenvError, parseDotenv, type DotenvEntry } from './dotenv.js';

export type EnvPair = [name: string, value: string];

// What supervisor.conf's environment= can carry as a name (app-conf.ts), checked here first so the
// error names the -e or the env-file line it came from.
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkName(name: string, where: string): string {
  if (!NAME.test(name))
    throw new ModulusError('RUN_ENV', `${where}: "${name}" is not a usable environment variable name`);
  return name;
}

function checkValue(value: string, where: string): string {
  if (value.includes('\0')) throw new ModulusError('RUN_ENV', `${where}: a value cannot hold a NUL byte`);
  return value;
}

/** One `-e` argument: `K=V`, or `K` alone for the value K has in `env`. */
export function parseEnvArg(arg: string, env: NodeJS.ProcessEnv): EnvPair {
  const at = arg.indexOf('=');
  const where = `-e ${arg.split('\n')[0]}`;
  if (at >= 0) return [checkName(arg.slice(0, at), where), checkValue(arg.slice(at + 1), where)];
  const value = env[checkName(arg, where)];
  if (value === undefined)
    throw new ModulusError('RUN_ENV', `${where}: ${arg} is not set here, so there is no value to pass on`, {
      hint: `Write -e ${arg}=VALUE.`,
    });
  return [arg, value];
}

/**
 * An env file as dotenv and docker compose read it (src/host/dotenv.ts): `export`, quotes and
 * comments understood; `K` alone passes our own value on when set. Errors name the file and line.
 */
export function parseEnvFile(text: string, file: string, env: NodeJS.ProcessEnv): EnvPair[] {
  let entries: DotenvEntry[];
  try {
    entries = parseDotenv(text);
  } catch (err) {
    if (err instanceof DotenvError) throw new ModulusError('RUN_ENV', `${file}:${err.line}: ${err.message}`);
    throw err;
  }
  const pairs: EnvPair[] = [];
  for (const { name, value, line } of entries) {
    const where = `${file}:${line}`;
    checkName(name, where);
    if (value !== undefined) pairs.push([name, checkValue(value, where)]);
    else if (env[name] !== undefined) pairs.push([name, env[name]]);
  }
  return pairs;
}

/** Later pairs replace earlier ones of the same name, keeping the first position. */
export function mergeEnv(...lists: readonly (readonly EnvPair[])[]): EnvPair[] {
  const merged = new Map<string, string>();
  for (const list of lists) for (const [name, value] of list) merged.set(name, value);
  return [...merged];
}
