// The app's supervisor.conf, as `modulus config` writes it: [program:app] running `start` in the
// volume's app dir, its output in log/app.log, and the environment given. The generator reads its
// own output back with the real parser and refuses to return text that would not give the app
// exactly the values it was given.
import { isAbsolute } from 'node:path';
import { parseConfigText } from '../config/parse.js';
import { byteSize } from '../config/values.js';
import { ModulusError } from '../errors/modulus-error.js';
import {
  EMPTY_EXPANSION,
  breaksKeyLine,
  environmentToken,
  escapePercent,
  iniValue,
  layOutLines,
} from './ini-value.js';
import { APP_USER, volumePaths } from './volume-layout.js';

export type EnvPair = readonly [name: string, value: string];

export interface AppConfOptions {
  /** Where the volume is mounted; default /mnt. */
  readonly mnt?: string;
  /** The command line (split by supervisord as a shell would); default `start`. */
  readonly command?: string;
  /** In order; a later pair replaces an earlier one of the same name (and our HOME, TMPDIR …). */
  readonly env?: readonly EnvPair[];
  readonly port?: number;
  /** Default 50MB. */
  readonly logMaxBytes?: string;
  /** Default 10. */
  readonly logBackups?: number;
  /** The user to run as; null leaves user= out (the supervisor's own user). Default mop. */
  readonly user?: string | null;
}

export const PROGRAM_NAME = 'app';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The environment the app gets, in order: the volume's HOME, temp dirs and app-storage, PORT, then env. */
export function appEnvironment(o: AppConfOptions): Map<string, string> {
  const p = volumePaths(o.mnt ?? '/mnt');
  const env = new Map<string, string>([
    ['HOME', p.home],
    ['TMPDIR', p.tmp],
    ['TEMP_DIR', p.tmp],
    ['TMP_DIR', p.tmp],
    // The app's persistent files: /app-storage links here in the images; a local run has no
    // /app-storage, so this names the one place that works in every mode.
    ['APP_STORAGE', p.appStorage],
  ]);
  if (o.port !== undefined) env.set('PORT', String(o.port));
  for (const [name, value] of o.env ?? []) {
    if (!ENV_NAME.test(name)) {
      throw new ModulusError(
        'CONF_ENV_NAME',
        `environment name ${JSON.stringify(name)} is not usable in supervisor.conf`,
      );
    }
    env.set(name, value);
  }
  return env;
}

function unrepresentable(subject: string, why: string): ModulusError {
  return new ModulusError(
    'CONF_UNREPRESENTABLE',
    `${subject}: cannot be written into supervisor.conf exactly: ${why}`,
    {
      hint: 'Nothing was written. Change the value, or give it to the app another way (a file in the app dir).',
    },
  );
}

/** environment=: the pairs as shlex tokens; a pair whose first line would break the key line starts on a new line. */
function environmentValue(env: ReadonlyMap<string, string>): string {
  let text = '';
  for (const [name, value] of env) {
    let token: string;
    try {
      token = escapePercent(environmentToken(value));
    } catch (err) {
      throw unrepresentable(`environment ${name}`, (err as Error).message);
    }
    const sep = text === '' ? '' : ',';
    const newLine = !text.includes('\n') && breaksKeyLine(`${name}=${token}`) ? '\n' : '';
    text += `${sep}${newLine}${name}=${token}`;
  }
  return layOutLines(text);
}

function option(key: string, value: string): string {
  try {
    return iniValue(value);
  } catch (err) {
    throw unrepresentable(key, (err as Error).message);
  }
}

function checkOptions(o: AppConfOptions): { maxBytes: string; backups: number } {
  const mnt = o.mnt ?? '/mnt';
  if (!isAbsolute(mnt)) {
    throw new ModulusError('CONF_OPTION', `the volume path must be absolute, got ${JSON.stringify(mnt)}`);
  }
  if (o.port !== undefined && !(Number.isInteger(o.port) && o.port >= 1 && o.port <= 65535)) {
    throw new ModulusError('CONF_OPTION', `port: expected a number from 1 to 65535, got ${o.port}`);
  }
  const maxBytes = (o.logMaxBytes ?? '50MB').trim();
  try {
    if (byteSize(maxBytes) < 0) throw new Error('negative');
  } catch {
    throw new ModulusError(
      'CONF_OPTION',
      `log max bytes: expected a size such as 50MB, got ${JSON.stringify(o.logMaxBytes)}`,
    );
  }
  const backups = o.logBackups ?? 10;
  if (!Number.isInteger(backups) || backups < 0) {
    throw new ModulusError(
      'CONF_OPTION',
      `log backups: expected a whole number of 0 or more, got ${backups}`,
    );
  }
  if ((o.command ?? 'start').trim() === '')
    throw new ModulusError('CONF_OPTION', 'command: expected a command to run');
  if (o.user === '') throw new ModulusError('CONF_OPTION', 'user: expected a user name (or no user at all)');
  return { maxBytes, backups };
}

/** The text of supervisor.conf; throws rather than return text that would alter a value. */
export function renderAppConf(o: AppConfOptions = {}): string {
  const { maxBytes, backups } = checkOptions(o);
  const p = volumePaths(o.mnt ?? '/mnt');
  const user = o.user === undefined ? APP_USER : o.user;
  const env = appEnvironment(o);
  const lines = [
    `[program:${PROGRAM_NAME}]`,
    `command=${option('command', o.command ?? 'start')}`,
    `directory=${option('directory', p.app)}`,
    ...(user === null ? [] : [`user=${option('user', user)}`]),
    'autostart=true',
    'autorestart=true',
    // A web app never means to exit: any exit, 0 included, is a crash (notified), and one that
    // keeps exiting is restarted after 1 s, 2 s, 4 s … up to a minute instead of spinning.
    'exitcodes=',
    'crashloop_backoff=true',
    'startsecs=1',
    'stopwaitsecs=10',
    'stopasgroup=true',
    'killasgroup=true',
    'redirect_stderr=true',
    `stdout_logfile=${option('stdout_logfile', p.appLog)}`,
    `stdout_logfile_maxbytes=${maxBytes}`,
    `stdout_logfile_backups=${backups}`,
    `environment=${environmentValue(env)}`,
  ];
  const body = lines.join('\n');
  const header = [
    "; The app's supervisor.conf, generated by `modulus config`: the run image's supervisor includes it",
    '; and runs the app as [program:app], with its output in log/app.log of the volume.',
  ];
  if (body.includes(EMPTY_EXPANSION)) {
    header.push(
      `; ${EMPTY_EXPANSION} expands to nothing: it keeps spaces, and a ; or # after them, in a value.`,
    );
  }
  const text = `${header.join('\n')}\n${body}\n`;
  verifyAppConf(text, { command: o.command ?? 'start', directory: p.app, user, logfile: p.appLog, env });
  return text;
}

interface Expected {
  command: string;
  directory: string;
  user: string | null;
  logfile: string;
  env: ReadonlyMap<string, string>;
}

/** Parses text as supervisord will (after UTF-8) and checks that every value came back unchanged. */
export function verifyAppConf(text: string, want: Expected): void {
  const asRead = Buffer.from(text, 'utf8').toString('utf8');
  let config;
  try {
    config = parseConfigText(`[supervisord]\n${asRead}`, '/supervisor.conf', {
      env: {},
      hostname: 'localhost',
      cwd: '/',
    });
  } catch (err) {
    throw new ModulusError(
      'INTERNAL',
      `the generated supervisor.conf does not parse: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const proc = config.groups.find((g) => g.name === PROGRAM_NAME)?.processes[0];
  const got = proc?.environment ?? {};
  for (const [name, value] of want.env) {
    if (got[name] !== value) throw unrepresentable(`environment ${name}`, 'it would reach the app changed');
  }
  const extra = Object.keys(got).filter((k) => !want.env.has(k));
  if (extra.length > 0) throw unrepresentable('environment', `it would also set ${extra.join(', ')}`);
  const fields: Array<[string, unknown, unknown]> = [
    ['command', proc?.command, want.command],
    ['directory', proc?.directory, want.directory],
    ['user', proc?.user, want.user],
    ['stdout_logfile', proc?.stdout.logfile, want.logfile],
  ];
  for (const [key, actual, expected] of fields) {
    if (actual !== expected) throw unrepresentable(key, 'it would be read back changed');
  }
}
