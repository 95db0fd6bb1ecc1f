// Opens the socket of an [fcgi-program:x] group as supervisord does: a unix socket is owned by
// socket_owner, or by the programs' user= when that is not the supervisor's own user, and gets
// socket_mode (0700 by default); a failure is supervisord's "Could not create FastCGI socket".
import type { FcgiSocketConfig, GroupConfig } from '../config/model.js';
import { errnoCode } from '../errors/modulus-error.js';
import { ModulusError } from '../errors/modulus-error.js';
import type { ListeningSocket, ListenSpec } from '../os/listen-socket.js';
import type { ProcessHost } from '../os/process-host.js';
import { lookupGroupId, lookupUser } from '../os/users.js';

export function openFcgiSocket(group: GroupConfig, host: ProcessHost, euid: number): ListeningSocket {
  const socket = group.socket!;
  try {
    return host.listen(listenSpec(socket, group.processes[0]?.user ?? null, euid));
  } catch (err) {
    const reason = errnoCode(err) ?? (err instanceof Error ? err.message : String(err));
    throw new ModulusError('FCGI_SOCKET', `Could not create FastCGI socket ${socket.url}: ${reason}`, {
      cause: err,
    });
  }
}

export function listenSpec(socket: FcgiSocketConfig, user: string | null, euid: number): ListenSpec {
  return {
    kind: socket.kind,
    path: socket.path,
    host: socket.host,
    port: socket.port,
    backlog: socket.backlog,
    mode: socket.mode,
    owner: socket.kind === 'unix' ? owner(socket.owner, user, euid) : null,
  };
}

function owner(written: string | null, user: string | null, euid: number): ListenSpec['owner'] {
  if (written !== null) {
    const [name, groupName] = written.split(':');
    const entry = lookupUser(name!);
    if (groupName === undefined) return { uid: entry.uid, gid: entry.gid };
    const gid = lookupGroupId(groupName);
    if (gid === undefined) throw new ModulusError('NO_SUCH_USER', `group "${groupName}" does not exist`);
    return { uid: entry.uid, gid };
  }
  if (user === null) return null;
  const entry = lookupUser(user);
  return entry.uid === euid ? null : { uid: entry.uid, gid: entry.gid };
}
