// Puts an HTTP server on a unix socket file the way supervisord does, but without its window: a
// stale file is unlinked, a live one is an error, and the socket has its mode and owner before anyone
// can connect, because it is bound inside a private directory and then hard-linked into place.
import { chmod, chown, link, lstat, mkdtemp, rmdir, unlink } from 'node:fs/promises';
import { connect, type Server } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';

export interface UnixSocketOptions {
  readonly file: string;
  /** Mode of the socket file (supervisord's `chmod`, default 0700). */
  readonly mode: number;
  /** Numeric owner (supervisord's `chown`, resolved by the caller); gid -1 keeps the group. */
  readonly owner: { readonly uid: number; readonly gid: number } | null;
}

export type SocketLog = (level: 'warn' | 'info', message: string) => void;

/** Listens on `options.file`; resolves with a function that unlinks the file if it is still ours. */
export async function listenUnixSocket(
  server: Server,
  options: UnixSocketOptions,
  log: SocketLog = () => {},
): Promise<() => Promise<void>> {
  const { file } = options;
  await clearStaleSocket(file, log);
  let privateDir: string;
  try {
    privateDir = await mkdtemp(join(dirname(file), `.${basename(file).slice(0, 8)}.`));
  } catch (cause) {
    throw socketFailed(
      file,
      `cannot create a directory beside it (${errnoCode(cause) ?? String(cause)})`,
      cause,
    );
  }
  const staging = join(privateDir, 's');
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(staging, () => {
        server.off('error', reject);
        resolve();
      });
    });
    await chmod(staging, options.mode);
    if (options.owner !== null) await chownSocket(staging, file, options.owner);
    await linkIntoPlace(staging, file, log);
    await unlink(staging);
    // Inode numbers are reused at once on tmpfs; inode plus change time (set by the last link change) tells ours apart.
    const ours = await lstat(file, { bigint: true });
    return async () => {
      const current = await lstat(file, { bigint: true }).catch(() => null);
      if (current !== null && current.ino === ours.ino && current.ctimeNs === ours.ctimeNs) {
        await unlink(file).catch(() => {});
      }
    };
  } catch (err) {
    if (server.listening) await new Promise((resolve) => server.close(resolve));
    if (err instanceof ModulusError) throw err;
    throw socketFailed(file, `cannot listen (${errnoCode(err) ?? String(err)})`, err);
  } finally {
    await unlink(staging).catch(() => {});
    await rmdir(privateDir).catch(() => {});
  }
}

/** Hard-links the staged socket to its final name; link(2) never replaces, so a racing server is seen. */
async function linkIntoPlace(staging: string, file: string, log: SocketLog): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await link(staging, file);
      return;
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST' || attempt >= 3) throw err;
      await clearStaleSocket(file, log);
    }
  }
}

/** supervisord's checkused: if something answers on the file, refuse; if nothing does, unlink it. */
async function clearStaleSocket(file: string, log: SocketLog): Promise<void> {
  const info = await lstat(file).catch((err: unknown) => {
    if (errnoCode(err) === 'ENOENT') return null;
    throw socketFailed(file, `cannot inspect it (${errnoCode(err) ?? String(err)})`, err);
  });
  if (info === null) return;
  if (!info.isSocket()) {
    // supervisord would unlink any file here; removing a regular file a typo points at is worse.
    throw socketFailed(
      file,
      'it exists and is not a socket',
      undefined,
      'Remove the file, or choose another path.',
    );
  }
  if (await answers(file)) {
    throw new ModulusError(
      'RPC_SOCKET_IN_USE',
      `another program is already listening on the socket file ${file}`,
    );
  }
  log('warn', `Unlinking stale socket ${file}`);
  await unlink(file).catch((err: unknown) => {
    if (errnoCode(err) !== 'ENOENT') throw socketFailed(file, `cannot unlink the stale socket`, err);
  });
}

function answers(file: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(file);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function chownSocket(
  staging: string,
  file: string,
  owner: { uid: number; gid: number },
): Promise<void> {
  try {
    await chown(staging, owner.uid, owner.gid);
  } catch (cause) {
    const who = `uid ${owner.uid}, gid ${owner.gid}`;
    throw socketFailed(
      file,
      `not permitted to chown it to ${who}`,
      cause,
      'Adjust chown in [unix_http_server].',
    );
  }
}

function socketFailed(file: string, why: string, cause?: unknown, hint?: string): ModulusError {
  return new ModulusError('RPC_SOCKET_FAILED', `socket file ${file}: ${why}`, { cause, hint });
}
