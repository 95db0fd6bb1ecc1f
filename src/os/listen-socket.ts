// A listening socket the supervisor holds but never accepts on, for [fcgi-program:x]: every
// process of the program gets it as file descriptor 0 and accepts on it itself. Node's net.Server
// would accept connections in our event loop too, so the socket is bound through the handle layer
// Node's cluster uses (bound, not yet listening) and put into the listening state by perl's
// listen(2) on the same socket as its stdin; perl exits, and our event loop never polls the fd.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, unlinkSync } from 'node:fs';
import net from 'node:net';
import { getSystemErrorName } from 'node:util';

export interface ListenSpec {
  readonly kind: 'unix' | 'tcp';
  /** Unix: the absolute path. */
  readonly path: string | null;
  /** TCP: an IP address, or `localhost`. */
  readonly host: string | null;
  readonly port: number | null;
  /** null: SOMAXCONN (4096), as supervisord's socket.SOMAXCONN. */
  readonly backlog: number | null;
  /** Unix: chown after bind (before listen). */
  readonly owner: { readonly uid: number; readonly gid: number } | null;
  /** Unix: chmod after bind (before listen). */
  readonly mode: number | null;
}

export interface ListeningSocket {
  readonly fd: number;
  /** Closes it; a unix socket's path is removed too. */
  close(): void;
}

const SOMAXCONN = 4096;
const PERL_LISTEN = 'listen(STDIN, shift) or die "listen: $!\\n"';

interface ServerHandle {
  readonly fd: number;
  close(): void;
  getsockname?(out: { port?: number }): number;
}

type CreateServerHandle = (
  address: string,
  port: number,
  addressType: number,
  fd: undefined,
  flags: number,
) => ServerHandle | number;

/** Binds and listens; throws an Error whose `code` is the errno name (EADDRINUSE, EACCES …). */
export function listenSocket(spec: ListenSpec, perl = '/usr/bin/perl'): ListeningSocket {
  if (spec.kind === 'unix') removeStaleSocket(spec.path!);
  const handle = bind(spec);
  try {
    if (spec.kind === 'unix') {
      if (spec.owner) chownSync(spec.path!, spec.owner.uid, spec.owner.gid);
      if (spec.mode !== null) chmodSync(spec.path!, spec.mode);
    }
    const result = spawnSync(perl, ['-e', PERL_LISTEN, String(spec.backlog ?? SOMAXCONN)], {
      stdio: [handle.fd, 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    // Without perl the socket cannot be put into listening state; say so rather than pass on ENOENT.
    if (result.error) throw new Error(`${perl} is needed to listen on it (${String(result.error.message)})`);
    if (result.status !== 0) throw new Error(result.stderr.trim() || `perl exited ${result.status}`);
  } catch (err) {
    handle.close();
    if (spec.kind === 'unix') removeStaleSocket(spec.path!);
    throw err;
  }
  let open = true;
  return {
    fd: handle.fd,
    close() {
      if (!open) return;
      open = false;
      handle.close();
      if (spec.kind === 'unix') removeStaleSocket(spec.path!);
    },
  };
}

function bind(spec: ListenSpec): ServerHandle {
  const create = (net as unknown as { _createServerHandle: CreateServerHandle })._createServerHandle;
  let result: ServerHandle | number;
  if (spec.kind === 'unix') {
    result = create(spec.path!, -1, -1, undefined, 0);
  } else {
    const host = spec.host === 'localhost' ? '127.0.0.1' : spec.host!;
    const family = net.isIP(host);
    if (family === 0) {
      throw Object.assign(new Error(`${host} is not an IP address (use one, or localhost)`), {
        code: 'EINVAL',
      });
    }
    result = create(host, spec.port!, family, undefined, 0);
  }
  if (typeof result === 'number') {
    const code = getSystemErrorName(result);
    throw Object.assign(new Error(code), { code });
  }
  // libuv defers a TCP bind's EADDRINUSE to listen(), which we do not call: an unbound socket
  // would then listen on a random port, so the port bound is checked here.
  if (spec.kind === 'tcp') {
    const out: { port?: number } = {};
    if (result.getsockname?.(out) !== 0 || out.port !== spec.port) {
      result.close();
      throw Object.assign(new Error('EADDRINUSE'), { code: 'EADDRINUSE' });
    }
  }
  return result;
}

/** A socket left at the path (by us or a supervisord before us) is removed; anything else is kept. */
function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch {
    // Nothing there.
  }
}
