// [program:x] and [eventlistener:x] sections to ProcessConfig records, one per process_num,
// with supervisord's defaults and the order in which it expands each key.
import type { Expansions } from './expand.js';
import { keyValuePairs } from './environment.js';
import type { CrashLoopConfig, ProcessConfig, StreamLogConfig } from './model.js';
import { logPathAsWritten, type PathContext } from './paths.js';
import type { SectionReader } from './section-reader.js';
import * as v from './values.js';

export const PROGRAM_KEYS: ReadonlySet<string> = new Set([
  'command',
  'process_name',
  'numprocs',
  'numprocs_start',
  'priority',
  'autostart',
  'startsecs',
  'startretries',
  'autorestart',
  'exitcodes',
  'stopsignal',
  'stopwaitsecs',
  'stopasgroup',
  'killasgroup',
  'user',
  'redirect_stderr',
  'environment',
  'directory',
  'umask',
  'serverurl',
  ...['stdout', 'stderr'].flatMap((s) =>
    [
      'logfile',
      'logfile_maxbytes',
      'logfile_backups',
      'capture_maxbytes',
      'events_enabled',
      'syslog',
      'logfile_timestamps',
    ].map((k) => `${s}_${k}`),
  ),
  // modulus extensions, documented in the README
  'crashloop_backoff',
  'crashloop_max_delay',
  'crashloop_reset_secs',
  'crashloop_giveup',
]);

export interface ProgramContext {
  /** ENV_* names (the environment, then [supervisord] environment=) and host_node_name. */
  readonly names: Expansions;
  /** [supervisord] environment=, which every process inherits under its own. */
  readonly supervisordEnv: Readonly<Record<string, string>>;
  readonly paths: PathContext;
}

export type ProgramKind = 'program' | 'eventlistener';

/** Keys read once per section (supervisord reads them before its process_num loop). */
function sectionSettings(r: SectionReader, names: Expansions) {
  const stopasgroup = r.get('stopasgroup', v.boolean, false, names);
  const settings = {
    // 999 for listener processes too: only the pool's group priority defaults to -1 (groups.ts).
    priority: r.get('priority', v.integer, 999, names),
    autostart: r.get('autostart', v.boolean, true, names),
    autorestart: r.get('autorestart', v.autoRestart, 'unexpected' as const, names),
    startsecs: r.get('startsecs', v.nonNegativeInteger, 1, names),
    startretries: r.get('startretries', v.nonNegativeInteger, 3, names),
    stopsignal: r.get('stopsignal', v.signalName, 'TERM', names),
    stopwaitsecs: r.get('stopwaitsecs', v.nonNegativeInteger, 10, names),
    stopasgroup,
    killasgroup: r.get('killasgroup', v.boolean, stopasgroup, names),
    exitcodes: r.get('exitcodes', v.exitCodes, [0], names),
    redirectStderr: r.get('redirect_stderr', v.boolean, false, names),
    numprocs: r.get('numprocs', v.nonNegativeInteger, 1, names),
    numprocsStart: r.get('numprocs_start', v.integer, 0, names),
    user: r.optional('user', v.text, names) ?? null,
    umask: r.optional('umask', v.octal, names) ?? null,
    serverurl: r.optional('serverurl', v.text, names) ?? null,
    crashLoop: {
      enabled: r.get('crashloop_backoff', v.boolean, false, names),
      maxDelaySecs: r.get('crashloop_max_delay', v.nonNegativeInteger, 60, names),
      resetSecs: r.get('crashloop_reset_secs', v.nonNegativeInteger, 60, names),
      giveUp: r.get('crashloop_giveup', v.nonNegativeInteger, 0, names),
    } satisfies CrashLoopConfig,
    capture: {
      stdout: r.get('stdout_capture_maxbytes', byteCount, 0, names),
      stderr: r.get('stderr_capture_maxbytes', byteCount, 0, names),
    },
    events: {
      stdout: r.get('stdout_events_enabled', v.boolean, false, names),
      stderr: r.get('stderr_events_enabled', v.boolean, false, names),
    },
    timestamps: {
      stdout: r.get('stdout_logfile_timestamps', v.boolean, false, names),
      stderr: r.get('stderr_logfile_timestamps', v.boolean, false, names),
    },
  };
  if (settings.stopasgroup && !settings.killasgroup) {
    throw r.error(
      'killasgroup',
      'cannot be false when stopasgroup is true (stopping the group implies killing it)',
    );
  }
  if (settings.numprocs > 10_000)
    throw r.error('numprocs', `expected at most 10000 processes, got ${settings.numprocs}`);
  return settings;
}

function byteCount(value: string): number {
  const n = v.byteSize(value);
  if (n < 0) throw new Error(`expected a byte size of 0 or more, got ${JSON.stringify(value)}`);
  return n;
}

type Settings = ReturnType<typeof sectionSettings>;

function stream(
  r: SectionReader,
  which: 'stdout' | 'stderr',
  s: Settings,
  names: Expansions,
  ctx: ProgramContext,
) {
  const key = `${which}_logfile`;
  const raw = r.raw(key);
  const name =
    raw === undefined
      ? ({ kind: 'auto' } as const)
      : r.convert(key, r.expandAt(key, raw, names), v.logfileName);
  const maxbytes = r.get(`${key}_maxbytes`, byteCount, 50 * 1024 * 1024, names);
  let syslog = r.get(`${which}_syslog`, v.boolean, false, names);
  let logfile: string | 'AUTO' | null = null;
  if (name.kind === 'syslog') {
    r.warn(key, `${key}=syslog is deprecated; use ${which}_syslog=true instead`);
    syslog = true;
  } else if (name.kind === 'auto') {
    logfile = 'AUTO';
    if (maxbytes === 0)
      r.warn(key, 'AUTO log file without rotation; set a maxbytes above 0 so it cannot fill the disk');
  } else if (name.kind === 'path') {
    logfile = r.convert(key, name.path, (p) => logPathAsWritten(p, ctx.paths));
  }
  const config: StreamLogConfig = {
    logfile,
    maxbytes,
    backups: r.get(`${key}_backups`, v.nonNegativeInteger, 10, names),
    captureMaxbytes: s.capture[which],
    eventsEnabled: s.events[which],
    syslog,
    timestamps: s.timestamps[which],
  };
  return config;
}

/** The processes of one program section, as members of groupName. */
export function programProcesses(
  r: SectionReader,
  kind: ProgramKind,
  programName: string,
  groupName: string,
  ctx: ProgramContext,
): ProcessConfig[] {
  const common: Expansions = { ...ctx.names, program_name: programName, group_name: groupName };
  const s = sectionSettings(r, common);
  // supervisord looks the user up while it reads the file (name_to_uid), so a typo stops it there.
  if (s.user !== null && ctx.paths.userExists && !ctx.paths.userExists(s.user)) {
    throw r.error('user', `no such user ${JSON.stringify(s.user)}`, 'NO_SUCH_USER');
  }
  const processNameTemplate = r.raw('process_name') ?? '%(program_name)s';
  if (s.numprocs > 1 && !processNameTemplate.includes('%(process_num)')) {
    throw r.error(
      r.has('process_name') ? 'process_name' : 'numprocs',
      `numprocs is ${s.numprocs}, so process_name must contain %(process_num) to tell the processes apart`,
      'CONFIG_VALUE',
      undefined,
      'For example: process_name=%(program_name)s_%(process_num)02d',
    );
  }
  const processes: ProcessConfig[] = [];
  for (let num = s.numprocsStart; num < s.numprocsStart + s.numprocs; num++) {
    const names: Record<string, string | number> = { ...common, process_num: num, numprocs: s.numprocs };
    const envText = r.raw('environment');
    const ownEnv =
      envText === undefined
        ? {}
        : r.convert('environment', r.expandAt('environment', envText, names), keyValuePairs);
    for (const [k, value] of Object.entries(ownEnv)) names[`ENV_${k}`] = value;
    const directory = r.string('directory', names) ?? null;
    const stdout = stream(r, 'stdout', s, names, ctx);
    let stderr = stream(r, 'stderr', s, names, ctx);
    if (s.redirectStderr) {
      if (typeof stderr.logfile === 'string' && stderr.logfile !== 'AUTO') {
        r.warn('stderr_logfile', 'redirect_stderr=true sends stderr to stdout, so this file is ignored');
      }
      stderr = { ...stderr, logfile: null };
    }
    const command = r.string('command', names);
    if (command === undefined) throw r.error(undefined, 'has no command= line', 'CONFIG_MISSING_KEY');
    if (command.trim() === '') throw r.error('command', 'expected a command to run, got an empty value');
    const name = r.convert(
      'process_name',
      r.expandAt('process_name', processNameTemplate, names),
      v.processOrGroupName,
    );
    processes.push({
      name,
      group: groupName,
      section: r.name,
      origin: r.origin,
      command,
      priority: s.priority,
      autostart: s.autostart,
      autorestart: s.autorestart,
      startsecs: s.startsecs,
      startretries: s.startretries,
      exitcodes: s.exitcodes,
      stopsignal: s.stopsignal,
      stopwaitsecs: s.stopwaitsecs,
      stopasgroup: s.stopasgroup,
      killasgroup: s.killasgroup,
      user: s.user,
      directory,
      umask: s.umask,
      environment: { ...ctx.supervisordEnv, ...ownEnv },
      redirectStderr: s.redirectStderr,
      stdout,
      stderr,
      serverurl: s.serverurl === null || s.serverurl.trim().toUpperCase() === 'AUTO' ? null : s.serverurl,
      crashLoop: s.crashLoop,
    });
  }
  return processes;
}
