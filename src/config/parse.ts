// parseConfigText: the whole pipeline without touching the disk itself (includes and directory
// checks go through injected functions): lex, include, read each section, group, freeze.
import { hostname as osHostname, homedir } from 'node:os';
import { resolve } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { buildGroups } from './groups.js';
import { readIncludes, type ConfigSource } from './include.js';
import { applyIncludePolicy, checkProgramLogDir, checkRestrictedGroups } from './include-policy.js';
import { emptyRawConfig, lexIni } from './lexer.js';
import type { SupervisorConfig } from './model.js';
import type { PathContext } from './paths.js';
import { SectionReader } from './section-reader.js';
import { NOTIFY_SECTION, notifySection } from './notify-section.js';
import { inetHttpServer, supervisorctlSection, unixHttpServer } from './servers.js';
import { supervisordSection, type SupervisordOverrides } from './supervisord-section.js';

export type { ConfigSource } from './include.js';
export type { SupervisordOverrides } from './supervisord-section.js';

export interface ParseOptions {
  /** The environment %(ENV_X)s reads. parseConfigText: {}; loadConfig: process.env. */
  env?: NodeJS.ProcessEnv;
  /** %(host_node_name)s; default os.hostname(). */
  hostname?: string;
  /** supervisord command-line options, which win over [supervisord]. */
  overrides?: SupervisordOverrides;
  /** Who reads the file: supervisord needs [supervisord], supervisorctl needs [supervisorctl]. */
  role?: 'supervisord' | 'supervisorctl';
  /** Relative log and pid paths resolve against this; default process.cwd(). */
  cwd?: string;
  /** Included files are read through this; without it every include glob matches nothing. */
  source?: ConfigSource;
  /** Checks that log directories and directory= values exist; skipped when absent. */
  dirExists?: (path: string) => boolean;
  /** Checks that user= names an existing user; skipped when absent. */
  userExists?: (nameOrUid: string) => boolean;
}

const FIXED_SECTIONS = new Set([
  'supervisord',
  'unix_http_server',
  'inet_http_server',
  'supervisorctl',
  'include',
  NOTIFY_SECTION,
]);
const PREFIXES = ['program:', 'group:', 'eventlistener:', 'fcgi-program:', 'rpcinterface:', 'ctlplugin:'];
const DEFAULT_RPCINTERFACE = 'supervisor.rpcinterface:make_main_rpcinterface';

/** Python's tempfile.gettempdir(), from the given environment. */
function tempDirOf(env: NodeJS.ProcessEnv): string {
  const dir = [env.TMPDIR, env.TEMP, env.TMP].find((d) => d !== undefined && d !== '');
  return dir === undefined ? '/tmp' : resolve(dir);
}

export function parseConfigText(text: string, file: string, options: ParseOptions = {}): SupervisorConfig {
  const env = options.env ?? {};
  const role = options.role ?? 'supervisord';
  const raw = emptyRawConfig();
  lexIni(text, file, raw);

  const envNames: Record<string, string> = { host_node_name: options.hostname ?? osHostname() };
  for (const [k, value] of Object.entries(env)) if (value !== undefined) envNames[`ENV_${k}`] = value;
  const includes = readIncludes(raw, file, envNames, options.source);
  applyIncludePolicy(raw, includes);

  const readers = new Map<string, SectionReader>();
  const reader = (name: string): SectionReader => {
    let r = readers.get(name);
    if (!r) {
      const section = raw.sections.get(name);
      r = new SectionReader(name, section?.origin ?? { file, line: 1 }, section, raw.defaults, raw.warnings);
      readers.set(name, r);
    }
    return r;
  };
  for (const section of raw.sections.values()) checkSectionType(reader(section.name));

  const required = role === 'supervisord' ? 'supervisord' : 'supervisorctl';
  if (!raw.sections.has(required)) {
    throw new ModulusError('CONFIG_SECTION', `${file}:1 has no [${required}] section`, {
      hint: `Add a [${required}] section (it may be empty).`,
    });
  }
  const paths: PathContext = {
    cwd: options.cwd ?? process.cwd(),
    home: env.HOME ?? homedir(),
    dirExists: options.dirExists,
    userExists: options.userExists,
  };
  const supervisord = supervisordSection(reader('supervisord'), {
    names: envNames,
    paths,
    tempDir: tempDirOf(env),
    overrides: options.overrides ?? {},
  });
  const names: Record<string, string> = { ...envNames };
  for (const [k, value] of Object.entries(supervisord.environment)) names[`ENV_${k}`] = value;

  const config: SupervisorConfig = {
    file,
    files: [file, ...includes.files],
    supervisord,
    unixHttpServer: raw.sections.has('unix_http_server')
      ? unixHttpServer(reader('unix_http_server'), names, paths)
      : null,
    inetHttpServer: raw.sections.has('inet_http_server')
      ? inetHttpServer(reader('inet_http_server'), names)
      : null,
    supervisorctl: supervisorctlSection(
      raw.sections.has('supervisorctl') ? reader('supervisorctl') : undefined,
      names,
      paths,
    ),
    groups: buildGroups(
      { names: [...raw.sections.keys()], reader },
      { names, supervisordEnv: supervisord.environment, paths },
    ),
    notify: raw.sections.has(NOTIFY_SECTION) ? notifySection(reader(NOTIFY_SECTION), names, paths) : null,
    warnings: raw.warnings,
  };
  checkRestrictedGroups(raw, config.groups, includes);
  checkProgramLogDir(raw, config.groups, includes, paths.cwd);
  return deepFreeze(config);
}

function checkSectionType(r: SectionReader): void {
  const name = r.name;
  if (FIXED_SECTIONS.has(name)) return;
  const prefix = PREFIXES.find((p) => name.startsWith(p));
  if (prefix === undefined) {
    throw r.error(
      undefined,
      'unknown section type',
      'CONFIG_SECTION',
      undefined,
      'Sections are [supervisord], [unix_http_server], [inet_http_server], [supervisorctl], [include], ' +
        '[modulus:notify], [program:x], [group:x], [eventlistener:x], [fcgi-program:x], [rpcinterface:x] and [ctlplugin:x].',
    );
  }
  if (name === prefix) throw r.error(undefined, `expected a name after "${prefix}"`, 'CONFIG_SECTION');
  if (prefix === 'rpcinterface:') {
    const factory = r.raw('supervisor.rpcinterface_factory');
    if (factory !== undefined && factory.trim() !== DEFAULT_RPCINTERFACE) {
      r.warn('supervisor.rpcinterface_factory', 'ignored: only the built-in XML-RPC interface is served');
    }
  } else if (prefix === 'ctlplugin:') {
    r.warn(undefined, 'ignored: supervisorctl plugins are not supported');
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
