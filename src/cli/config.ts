// `modulus config [--env K=V]... [--env-file F]... [--port N] [--log-maxbytes N] [--log-backups N]
// [--user NAME|--no-user] [--mnt DIR] [--command CMD] [--env-prefix P] [-o FILE]`: writes the app's
// supervisor.conf to stdout or, atomically, to FILE. Env files are read first, then the --env-prefix
// variables, and --env wins over both, as in Docker.
import { readFileSync } from 'node:fs';
import { errnoCode, ModulusError } from '../errors/modulus-error.js';
import { renderAppConf, type EnvPair } from '../host/app-conf.js';
import { writeConfAtomically } from '../os/atomic-file.js';
import { envFromPrefix } from '../host/env-prefix.js';
import { mergeEnv, parseEnvArg, parseEnvFile } from '../host/run-env.js';
import { parseFlags } from './flags.js';

const USAGE =
  'config: usage: modulus config [--env K=V]... [--env-file F]... [--port N] [--log-maxbytes SIZE]\n' +
  '       [--log-backups N] [--user NAME | --no-user] [--mnt DIR] [--command CMD] [--env-prefix P]\n' +
  '       [-o FILE]';

const HELP = `Usage: modulus config [options]

Writes the app's supervisor.conf (to stdout, or atomically to -o FILE): [program:app] running
\`start\` in /mnt/app as mop, its output in /mnt/log/app.log with rotation, and the environment
(HOME, TMPDIR, TEMP_DIR, TMP_DIR, PORT, then yours). Values reach the app byte for byte; one the
format cannot carry is refused by name, never altered.
  -e, --env K=V        a variable for the app (repeatable; -e K passes ours on)
      --env-file F     a .env file (K=V, export K=V, quotes, # comments; repeatable;
                       --env wins over files)
      --env-prefix P   every variable of ours named P<NAME> is given to the app as NAME (how a
                       pod's init container passes on its ConfigMap and Secret; after files)
  -p, --port N         PORT for the app
      --log-maxbytes S app.log's size before rotation (default 50MB)
      --log-backups N  rotated files kept (default 10)
  -u, --user NAME      the user= line (default mop); --no-user leaves it out
      --mnt DIR        the volume root the paths use (default /mnt)
      --command CMD    the program's command (default start)
  -o, --output FILE    write FILE instead of stdout`;

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    [
      { short: 'e', long: 'env', value: true },
      { long: 'env-file', value: true },
      { long: 'env-prefix', value: true },
      { short: 'p', long: 'port', value: true },
      { long: 'log-maxbytes', value: true },
      { long: 'log-backups', value: true },
      { short: 'u', long: 'user', value: true },
      { long: 'no-user' },
      { long: 'mnt', value: true },
      { long: 'command', value: true },
      { short: 'o', long: 'output', value: true },
      { short: 'h', long: 'help' },
    ],
    'config',
  );
  if (flags.has('help')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (flags.positional.length > 0) throw new ModulusError('USAGE', USAGE);
  if (flags.has('user') && flags.has('no-user')) {
    throw new ModulusError('USAGE', 'config: --user and --no-user cannot be used together');
  }
  const fromFiles = flags.all('env-file').map((file) => parseEnvFile(readEnvFile(file), file, process.env));
  const fromArgs = flags.all('env').map((arg) => parseEnvArg(arg, process.env));
  const prefix = flags.get('env-prefix');
  const fromPrefix = prefix === undefined ? [] : envFromPrefix(process.env, prefix);
  const env: EnvPair[] = mergeEnv(...fromFiles, fromPrefix, fromArgs);
  const text = renderAppConf({
    mnt: flags.get('mnt') ?? (process.env.MODULUS_MNT || '/mnt'),
    command: flags.get('command'),
    env,
    port: integer(flags.get('port'), '--port'),
    logMaxBytes: flags.get('log-maxbytes'),
    logBackups: integer(flags.get('log-backups'), '--log-backups'),
    user: flags.has('no-user') ? null : flags.get('user'),
  });
  const output = flags.get('output');
  if (output === undefined || output === '-') process.stdout.write(text);
  else writeConfAtomically(output, text);
  return 0;
}

function readEnvFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new ModulusError(
      'USAGE',
      `config: --env-file ${file}: cannot read it (${errnoCode(err) ?? (err as Error).message})`,
    );
  }
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) {
    throw new ModulusError('USAGE', `config: ${flag}: expected a whole number, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}
