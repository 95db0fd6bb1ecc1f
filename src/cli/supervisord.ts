// `modulus supervisord`: supervisord's command line, mapped onto the daemon.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { runDaemon, type DaemonOptions } from '../daemon/daemon.js';
import { SUPERVISORD_VERSION } from '../supervisor/version.js';
import { defaultConfigCandidates } from './config-search.js';
import { parseFlags, type FlagSpec } from './flags.js';

const FLAGS: readonly FlagSpec[] = [
  { short: 'c', long: 'configuration', value: true },
  { short: 'n', long: 'nodaemon' },
  { short: 's', long: 'silent' },
  { short: 'h', long: 'help' },
  { short: '?', long: 'usage' },
  { short: 'v', long: 'version' },
  { short: 'u', long: 'user', value: true },
  { short: 'm', long: 'umask', value: true },
  { short: 'd', long: 'directory', value: true },
  { short: 'l', long: 'logfile', value: true },
  { short: 'y', long: 'logfile_maxbytes', value: true },
  { short: 'z', long: 'logfile_backups', value: true },
  { short: 'e', long: 'loglevel', value: true },
  { short: 'j', long: 'pidfile', value: true },
  { short: 'i', long: 'identifier', value: true },
  { short: 'q', long: 'childlogdir', value: true },
  { short: 'k', long: 'nocleanup' },
  { short: 'a', long: 'minfds', value: true },
  { short: 't', long: 'strip_ansi' },
  { long: 'minprocs', value: true },
  { long: 'profile_options', value: true },
  // Ours, undocumented: marks the background copy daemon mode starts (it applies umask/directory).
  { long: 'daemonized' },
];

const USAGE = `supervisord -- run a set of applications as daemons.

Usage: modulus supervisord [options]

Options:
-c/--configuration FILENAME -- configuration file path (searches if not given)
-n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in config file)
-s/--silent -- no logs to stdout (maps to 'silent=true' in config file)
-h/--help -- print this usage message and exit
-? -- the same
-v/--version -- print supervisord version number and exit
-u/--user USER -- run supervisord as this user (or numeric uid)
-m/--umask UMASK -- use this umask for daemon subprocess (default is 022)
-d/--directory DIRECTORY -- directory to chdir to when daemonized
-l/--logfile FILENAME -- use FILENAME as logfile path
-y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile
-z/--logfile_backups NUM -- number of backups to keep when max bytes reached
-e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)
-j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME
-i/--identifier STR -- identifier used for this instance of supervisord
-q/--childlogdir DIRECTORY -- the log directory for child process logs
-k/--nocleanup --  prevent the process from performing cleanup (removal of
                   old automatic child log files) at startup.
-a/--minfds NUM -- the minimum number of file descriptors for start success
-t/--strip_ansi -- strip ansi escape codes from process output
--minprocs NUM  -- the minimum number of processes available for start success
`;

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS, 'supervisord');
  if (flags.has('help') || flags.has('usage')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (flags.has('version')) {
    process.stdout.write(`${SUPERVISORD_VERSION}\n`);
    return 0;
  }
  if (flags.positional.length > 0) {
    throw new ModulusError('USAGE', `supervisord takes no arguments, got "${flags.positional.join(' ')}"`);
  }
  let configFile = flags.get('configuration');
  if (configFile === undefined) {
    const candidates = defaultConfigCandidates(process.argv[1] ?? process.execPath, process.cwd());
    configFile = candidates.find((c) => existsSync(c));
    if (configFile === undefined) {
      throw new ModulusError(
        'CONFIG_NOT_FOUND',
        `no configuration file found; looked in ${candidates.join(', ')}`,
      );
    }
  }
  const options: DaemonOptions = {
    configFile: resolve(configFile),
    overrides: {
      nodaemon: flags.has('nodaemon') ? true : undefined,
      silent: flags.has('silent') ? true : undefined,
      user: flags.get('user'),
      umask: flags.get('umask'),
      directory: flags.get('directory'),
      logfile: flags.get('logfile'),
      logfileMaxbytes: flags.get('logfile_maxbytes'),
      logfileBackups: flags.get('logfile_backups'),
      loglevel: flags.get('loglevel'),
      pidfile: flags.get('pidfile'),
      identifier: flags.get('identifier'),
      childlogdir: flags.get('childlogdir'),
      nocleanup: flags.has('nocleanup') ? true : undefined,
      minfds: flags.get('minfds'),
      minprocs: flags.get('minprocs'),
      stripAnsi: flags.has('strip_ansi') ? true : undefined,
    },
    argv: argv.filter((a) => a !== '--daemonized'),
    daemonized: flags.has('daemonized'),
  };
  const code = await runDaemon(options);
  // A descendant that left its process group may still hold a pipe open; nothing is left to do.
  process.exit(code);
}
