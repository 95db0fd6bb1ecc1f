// Starts the configured control servers ([unix_http_server] and/or [inet_http_server]) serving the
// supervisor.* API and the log tails, and works out SUPERVISOR_SERVER_URL for the programs the way
// supervisord does: the unix socket if there is one, else http://host:port.
import type { HttpAuth, SupervisorConfig, UnixHttpServerConfig } from '../config/model.js';
import { ModulusError } from '../errors/modulus-error.js';
import { lookupGroupId, lookupUser } from '../os/users.js';
import type { HttpCredentials } from '../rpc/basic-auth.js';
import { createLogTailHandler } from '../rpc/api/logtail.js';
import { createApiDispatcher } from '../rpc/api/method-table.js';
import type { ApiContext } from '../rpc/api/context.js';
import { startRpcServer, type RpcServerHandle, type ServerLog } from '../rpc/http-server.js';
import { notificationsDir } from '../web/notification-feed.js';
import { createWebRoutes } from '../web/web-routes.js';

export interface ControlServers {
  /** What programs get as SUPERVISOR_SERVER_URL; null when no server is configured. */
  readonly serverUrl: string | null;
  /** The URLs actually listened on (the real port when port 0 was asked for). */
  readonly urls: readonly string[];
  close(): Promise<void>;
}

/**
 * Listens on every configured server, or on none if one fails (RPC_SOCKET_IN_USE, RPC_SOCKET_FAILED,
 * RPC_INET_UNAUTHENTICATED, NO_SUCH_USER …): the caller stops before starting any program.
 */
export async function startControlServers(
  config: SupervisorConfig,
  api: ApiContext,
  log?: ServerLog,
): Promise<ControlServers> {
  const dispatcher = createApiDispatcher(api);
  const logtail = createLogTailHandler(api);
  // The dashboard and /metrics; the notifier's directory is looked up again after a reload.
  const web = (hostNames: string[]) =>
    createWebRoutes({
      ctx: api,
      hostNames,
      notificationsDir: () => notificationsDir(api.session()?.supervisor.config ?? config),
    });
  const handles: RpcServerHandle[] = [];
  const unix = config.unixHttpServer;
  const inet = config.inetHttpServer;
  let serverUrl: string | null = null;
  try {
    if (unix !== null) {
      const server = await startRpcServer({
        endpoint: { kind: 'unix', file: unix.file, mode: unix.chmod, owner: socketOwner(unix) },
        section: 'unix_http_server',
        credentials: credentials(unix),
        dispatcher,
        logtail,
        extension: web([]),
        log,
      });
      handles.push(server);
      serverUrl = server.url;
    }
    if (inet !== null) {
      const server = await startRpcServer({
        endpoint: { kind: 'inet', host: inet.host, port: inet.port },
        section: 'inet_http_server',
        credentials: credentials(inet),
        dispatcher,
        logtail,
        extension: web([inet.host]),
        log,
      });
      handles.push(server);
      // supervisord names the configured host (localhost when none), not the address bound.
      const port = inet.port === 0 ? new URL(server.url).port : String(inet.port);
      serverUrl ??= `http://${inet.host === '' || inet.host === '*' ? 'localhost' : inet.host}:${port}`;
    }
  } catch (err) {
    await Promise.all(handles.map((h) => h.close()));
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    serverUrl,
    urls: handles.map((h) => h.url),
    close: () => (closing ??= Promise.all(handles.map((h) => h.close())).then(() => undefined)),
  };
}

function credentials(auth: HttpAuth): HttpCredentials | null {
  return auth.username === null ? null : { username: auth.username, password: auth.password };
}

/** `chown = user[:group]` as numbers; without a group the socket keeps its group, as in supervisord. */
function socketOwner(unix: UnixHttpServerConfig): { uid: number; gid: number } | null {
  if (unix.chown === null) return null;
  const [user, group] = unix.chown.split(':', 2) as [string, string | undefined];
  const uid = lookupUser(user).uid;
  if (group === undefined) return { uid, gid: -1 };
  const gid = lookupGroupId(group);
  if (gid === undefined) {
    throw new ModulusError(
      'NO_SUCH_USER',
      `[unix_http_server] chown: group "${group}" does not exist (not in /etc/group)`,
    );
  }
  return { uid, gid };
}
