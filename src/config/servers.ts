// The control-channel sections: [unix_http_server], [inet_http_server] and [supervisorctl].
import type { Expansions } from './expand.js';
import type { HttpAuth, InetHttpServerConfig, SupervisorctlConfig, UnixHttpServerConfig } from './model.js';
import { absolutePath, type PathContext } from './paths.js';
import type { SectionReader } from './section-reader.js';
import * as v from './values.js';

export const UNIX_SERVER_KEYS: ReadonlySet<string> = new Set([
  'file',
  'chmod',
  'chown',
  'username',
  'password',
]);
export const INET_SERVER_KEYS: ReadonlySet<string> = new Set(['port', 'username', 'password']);
export const SUPERVISORCTL_KEYS: ReadonlySet<string> = new Set([
  'serverurl',
  'username',
  'password',
  'prompt',
  'history_file',
]);
export const DEFAULT_SERVERURL = 'http://localhost:9001';

/** supervisord refuses half a credential: both username and password, or neither. */
function auth(r: SectionReader, names: Expansions): HttpAuth {
  const username = r.string('username', names) ?? null;
  const password = r.string('password', names) ?? null;
  if ((username === null) !== (password === null)) {
    const missing = username === null ? 'username' : 'password';
    throw r.error(
      undefined,
      `has a ${missing === 'username' ? 'password' : 'username'} but no ${missing}; set both or neither`,
      'CONFIG_MISSING_KEY',
    );
  }
  return { username, password };
}

export function unixHttpServer(
  r: SectionReader,
  names: Expansions,
  paths: PathContext,
): UnixHttpServerConfig {
  const file = r.string('file', names);
  if (file === undefined || file.trim() === '')
    throw r.error(undefined, 'needs a file= line (the socket path)', 'CONFIG_MISSING_KEY');
  const chown = r.string('chown', names) ?? null;
  if (chown !== null && !/^[^:\s]+(:[^:\s]+)?$/.test(chown)) {
    throw r.error('chown', `expected user or user:group, got ${JSON.stringify(chown)}`);
  }
  const config = {
    file: absolutePath(file.trim(), paths),
    chmod: r.get('chmod', v.octal, 0o700, names),
    chown,
    ...auth(r, names),
  };
  r.warnUnknown(UNIX_SERVER_KEYS);
  return config;
}

export function inetHttpServer(r: SectionReader, names: Expansions): InetHttpServerConfig {
  const address = r.optional('port', v.inetAddress, names);
  if (address === undefined)
    throw r.error(undefined, 'needs a port= line (host:port or port)', 'CONFIG_MISSING_KEY');
  const config = { ...address, ...auth(r, names) };
  // Ours, not supervisord's (README "How it differs"); the server checks again when it binds.
  if (!isLoopbackHost(config.host) && (config.password === null || config.password === '')) {
    const where = config.host === '0.0.0.0' ? 'all interfaces' : config.host;
    throw r.error(
      'port',
      `would expose the control API on ${where}:${config.port} without a username and password; ` +
        'anyone who can reach that port could run commands as the supervisor',
      'RPC_INET_UNAUTHENTICATED',
    );
  }
  r.warnUnknown(INET_SERVER_KEYS);
  return config;
}

/** Without a [supervisorctl] section (r undefined) every default applies. */
export function supervisorctlSection(
  r: SectionReader | undefined,
  names: Expansions,
  paths: PathContext,
): SupervisorctlConfig {
  let serverurl = r?.string('serverurl', names) ?? DEFAULT_SERVERURL;
  if (serverurl.startsWith('unix://'))
    serverurl = `unix://${absolutePath(serverurl.slice('unix://'.length), paths)}`;
  const history = r?.string('history_file', names);
  const config: SupervisorctlConfig = {
    serverurl,
    username: r?.string('username', names) ?? null,
    password: r?.string('password', names) ?? null,
    prompt: r?.string('prompt', names) ?? 'supervisor',
    historyFile: history ? absolutePath(history, paths) : null,
  };
  r?.warnUnknown(SUPERVISORCTL_KEYS);
  return config;
}

const LOOPBACK = /^(127(\.[0-9]{1,3}){3}|::1|\[::1\]|localhost)$/i;

/** True for a host name or address that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}
