// loadConfig: reads a supervisord config file from disk and parses it, giving the parser real
// file access for [include] globs and for the directory checks supervisord makes.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { lookupUser } from '../os/users.js';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import type { SupervisorConfig } from './model.js';
import { parseConfigText, type ConfigSource, type ParseOptions } from './parse.js';

export { parseConfigText } from './parse.js';
export type { ConfigSource, ParseOptions, SupervisordOverrides } from './parse.js';

export type LoadOptions = Omit<ParseOptions, 'source' | 'dirExists'>;

export const fileSource: ConfigSource = {
  readFile: (path) => readFileSync(path, 'utf8'),
  readDir: (path) => {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
  exists: (path) => existsSync(path),
};

function dirExists(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function userExists(nameOrUid: string): boolean {
  try {
    lookupUser(nameOrUid);
    return true;
  } catch {
    return false;
  }
}

export async function loadConfig(file: string, options: LoadOptions = {}): Promise<SupervisorConfig> {
  const path = resolve(options.cwd ?? process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT')
      throw new ModulusError('CONFIG_NOT_FOUND', `${path}: no such config file`, { cause: err });
    throw new ModulusError(
      'CONFIG_UNREADABLE',
      `${path}: cannot read the config file (${code ?? String(err)})`,
      { cause: err },
    );
  }
  return parseConfigText(text, path, {
    ...options,
    env: options.env ?? process.env,
    source: fileSource,
    dirExists,
    userExists,
  });
}
