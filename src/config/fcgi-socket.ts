// The socket keys of [fcgi-program:x]: `socket` (unix:///absolute/path or tcp://HOST:PORT),
// `socket_backlog`, `socket_owner` and `socket_mode`, checked as supervisord checks them.
import type { Expansions } from './expand.js';
import type { FcgiSocketConfig } from './model.js';
import type { SectionReader } from './section-reader.js';
import * as v from './values.js';

export const FCGI_SOCKET_KEYS = ['socket', 'socket_backlog', 'socket_owner', 'socket_mode'] as const;

export function fcgiSocket(r: SectionReader, names: Expansions): FcgiSocketConfig {
  const backlog = r.optional('socket_backlog', v.integer, names) ?? null;
  if (backlog !== null && (backlog < 1 || backlog > 65535)) {
    throw r.error('socket_backlog', `expected 1 to 65535, got ${backlog}`);
  }
  const owner = r.optional('socket_owner', v.text, names) ?? null;
  if (owner !== null && !/^[^:\s]+(:[^:\s]+)?$/.test(owner)) {
    throw r.error('socket_owner', `expected user or user:group, got ${JSON.stringify(owner)}`);
  }
  const mode = r.optional('socket_mode', v.octal, names) ?? null;
  const socket = r.optional('socket', v.text, names);
  if (!socket) {
    throw r.error(r.has('socket') ? 'socket' : undefined, 'requires a "socket" line', 'CONFIG_MISSING_KEY');
  }
  if (socket.startsWith('unix://')) {
    const path = socket.slice('unix://'.length);
    if (!path.startsWith('/')) {
      throw r.error('socket', `unix socket path ${JSON.stringify(path)} is not an absolute path`);
    }
    return { url: socket, kind: 'unix', path, host: null, port: null, owner, mode: mode ?? 0o700, backlog };
  }
  if (owner !== null || mode !== null) {
    throw r.error(
      owner !== null ? 'socket_owner' : 'socket_mode',
      'socket_owner and socket_mode can only be used with a unix domain socket',
    );
  }
  const m = /^tcp:\/\/([^\s:]+):(\d+)$/.exec(socket);
  if (!m) {
    throw r.error(
      'socket',
      `expected unix:///absolute/path or tcp://HOST:PORT, got ${JSON.stringify(socket)}`,
    );
  }
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw r.error('socket', `expected a port from 1 to 65535, got ${port}`);
  const host = m[1]!.toLowerCase();
  return {
    url: `tcp://${host}:${port}`,
    kind: 'tcp',
    path: null,
    host,
    port,
    owner: null,
    mode: null,
    backlog,
  };
}
