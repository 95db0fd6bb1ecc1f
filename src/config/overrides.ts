// supervisord's command-line options override the [supervisord] section; this converts them
// with the same converters as the file, naming the option in any error.
import { ModulusError } from '../errors/modulus-error.js';
import type { SupervisordConfig } from './model.js';
import { byteSize, integer, logLevel, nonNegativeInteger, octal } from './values.js';

/** Raw option values as typed on the command line; undefined means not given. */
export interface SupervisordOverrides {
  readonly nodaemon?: boolean | undefined;
  readonly silent?: boolean | undefined;
  readonly nocleanup?: boolean | undefined;
  readonly stripAnsi?: boolean | undefined;
  readonly user?: string | undefined;
  readonly umask?: string | undefined;
  readonly directory?: string | undefined;
  readonly logfile?: string | undefined;
  readonly logfileMaxbytes?: string | undefined;
  readonly logfileBackups?: string | undefined;
  readonly loglevel?: string | undefined;
  readonly pidfile?: string | undefined;
  readonly identifier?: string | undefined;
  readonly childlogdir?: string | undefined;
  readonly minfds?: string | undefined;
  readonly minprocs?: string | undefined;
}

export function applyOverrides(base: SupervisordConfig, o: SupervisordOverrides): SupervisordConfig {
  const conv = <T>(option: string, value: string | undefined, fn: (v: string) => T): T | undefined => {
    if (value === undefined) return undefined;
    try {
      return fn(value);
    } catch (err) {
      throw new ModulusError('USAGE', `option --${option}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  const pick = <T>(override: T | undefined, current: T): T => (override === undefined ? current : override);
  const logfile = o.logfile === undefined ? base.logfile : o.logfile.toUpperCase() === 'NONE' ? null : o.logfile;
  return Object.freeze({
    ...base,
    nodaemon: pick(o.nodaemon, base.nodaemon),
    silent: pick(o.silent, base.silent),
    nocleanup: pick(o.nocleanup, base.nocleanup),
    stripAnsi: pick(o.stripAnsi, base.stripAnsi),
    user: pick(o.user, base.user),
    umask: pick(conv('umask', o.umask, octal), base.umask),
    directory: pick(o.directory, base.directory),
    logfile,
    logfileMaxbytes: pick(conv('logfile_maxbytes', o.logfileMaxbytes, byteSize), base.logfileMaxbytes),
    logfileBackups: pick(conv('logfile_backups', o.logfileBackups, nonNegativeInteger), base.logfileBackups),
    loglevel: pick(conv('loglevel', o.loglevel, logLevel), base.loglevel),
    pidfile: pick(o.pidfile, base.pidfile),
    identifier: pick(o.identifier, base.identifier),
    childlogdir: pick(o.childlogdir, base.childlogdir),
    minfds: pick(conv('minfds', o.minfds, integer), base.minfds),
    minprocs: pick(conv('minprocs', o.minprocs, integer), base.minprocs),
  });
}

