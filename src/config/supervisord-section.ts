// The [supervisord] section with supervisord's defaults, and the command-line options
// (-l, -y, -z, -e, -j, -m, -n, -s, -u, -d, -q, -k, -i, -a, -t) that override it.
import { ModulusError } from '../errors/modulus-error.js';
import type { Expansions } from './expand.js';
import { keyValuePairs } from './environment.js';
import type { LogLevel, SupervisordConfig } from './model.js';
import { absolutePath, existingDirectory, pathInExistingDir, type PathContext } from './paths.js';
import type { SectionReader } from './section-reader.js';
import * as v from './values.js';

/** Command-line options as typed; each replaces its key's value from the file. */
export interface SupervisordOverrides {
  logfile?: string;
  logfileMaxbytes?: string;
  logfileBackups?: string;
  loglevel?: LogLevel | string;
  pidfile?: string;
  umask?: string;
  nodaemon?: boolean;
  silent?: boolean;
  user?: string;
  directory?: string;
  childlogdir?: string;
  nocleanup?: boolean;
  identifier?: string;
  minfds?: string;
  minprocs?: string;
  stripAnsi?: boolean;
}

export const SUPERVISORD_KEYS: ReadonlySet<string> = new Set([
  'logfile',
  'logfile_maxbytes',
  'logfile_backups',
  'loglevel',
  'pidfile',
  'umask',
  'nodaemon',
  'silent',
  'minfds',
  'minprocs',
  'nocleanup',
  'childlogdir',
  'user',
  'directory',
  'strip_ansi',
  'environment',
  'identifier',
]);

export interface SupervisordContext {
  /** ENV_* and host_node_name. */
  readonly names: Expansions;
  readonly paths: PathContext;
  /** The system temp dir: childlogdir's default, as Python's tempfile.gettempdir(). */
  readonly tempDir: string;
  readonly overrides: SupervisordOverrides;
}

/** `syslog` is supervisord's keyword for its own log; anything else is a path. */
function logfilePath(paths: PathContext) {
  return (value: string): string => (value === 'syslog' ? value : pathInExistingDir(value, paths));
}

function override<T>(option: string, value: string, convert: (value: string) => T): T {
  try {
    return convert(value);
  } catch (err) {
    throw new ModulusError('CONFIG_VALUE', `command-line option ${option}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

export function supervisordSection(r: SectionReader, ctx: SupervisordContext): SupervisordConfig {
  const { names, paths, overrides: o } = ctx;
  // The command line wins; the file's value is then not read (nor checked) at all.
  const get = <T>(
    key: string,
    option: string,
    given: string | undefined,
    convert: (value: string) => T,
    fallback: T,
  ): T => (given === undefined ? r.get(key, convert, fallback, names) : override(option, given, convert));
  const flag = (key: string, given: boolean | undefined): boolean =>
    given ?? r.get(key, v.boolean, false, names);
  const inDir = (p: string): string => pathInExistingDir(p, paths);
  const dir = (p: string): string => existingDirectory(p, paths);
  const config: SupervisordConfig = {
    logfile: get(
      'logfile',
      '--logfile',
      o.logfile,
      logfilePath(paths),
      absolutePath('supervisord.log', paths),
    ),
    logfileMaxbytes: get(
      'logfile_maxbytes',
      '--logfile_maxbytes',
      o.logfileMaxbytes,
      v.byteSize,
      50 * 1024 * 1024,
    ),
    logfileBackups: get('logfile_backups', '--logfile_backups', o.logfileBackups, v.nonNegativeInteger, 10),
    loglevel: get('loglevel', '--loglevel', o.loglevel, v.logLevel, 'info'),
    pidfile: get('pidfile', '--pidfile', o.pidfile, inDir, absolutePath('supervisord.pid', paths)),
    umask: get('umask', '--umask', o.umask, v.octal, 0o22),
    nodaemon: flag('nodaemon', o.nodaemon),
    silent: flag('silent', o.silent),
    minfds: get('minfds', '--minfds', o.minfds, v.integer, 1024),
    minprocs: get('minprocs', '--minprocs', o.minprocs, v.integer, 200),
    nocleanup: flag('nocleanup', o.nocleanup),
    childlogdir: get('childlogdir', '--childlogdir', o.childlogdir, dir, ctx.tempDir),
    user: o.user ?? r.optional('user', v.text, names) ?? null,
    directory:
      o.directory === undefined
        ? (r.optional('directory', dir, names) ?? null)
        : override('--directory', o.directory, dir),
    stripAnsi: flag('strip_ansi', o.stripAnsi),
    environment: r.get('environment', keyValuePairs, {}, names),
    identifier: o.identifier ?? r.get('identifier', v.text, 'supervisor', names),
  };
  r.warnUnknown(SUPERVISORD_KEYS);
  return config;
}
