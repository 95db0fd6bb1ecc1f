// The environment a user gives `modulus run`: `-e K=V` (or `-e K` to pass our own value on) and
// `--env-file F`, read as Docker reads them, merged in order so that a later value wins.
import { ModulusError } from '../errors/modulus-error.js';

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
 * An env file as `docker run --env-file` reads it: one `K=V` per line, taken literally (quotes
 * stay part of the value); `K` alone passes our own value on when set; blank lines and lines
 * starting with `#` are skipped.
 */
export function parseEnvFile(text: string, file: string, env: NodeJS.ProcessEnv): EnvPair[] {
  const pairs: EnvPair[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trimStart();
    if (line === '' || line.startsWith('#')) return;
    const where = `${file}:${i + 1}`;
    const at = line.indexOf('=');
    if (at >= 0) {
      pairs.push([checkName(line.slice(0, at), where), checkValue(line.slice(at + 1), where)]);
      return;
    }
    const name = checkName(line.trimEnd(), where);
    const value = env[name];
    if (value !== undefined) pairs.push([name, value]);
  });
  return pairs;
}

/** Later pairs replace earlier ones of the same name, keeping the first position. */
export function mergeEnv(...lists: readonly (readonly EnvPair[])[]): EnvPair[] {
  const merged = new Map<string, string>();
  for (const list of lists) for (const [name, value] of list) merged.set(name, value);
  return [...merged];
}
