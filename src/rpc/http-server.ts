// The supervisor's HTTP server on a unix socket or TCP: XML-RPC at POST /RPC2, streaming log
// tails at /logtail and /mainlogtail and an extension for the rest (the dashboard), behind Basic auth, with bounded bodies and request deadlines.
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { checkOnlyWhileConnected } from './connection-checks.js';
import type { AddressInfo } from 'node:net';
import { ModulusError } from '../errors/modulus-error.js';
import { isLoopbackHost } from '../config/servers.js';
import { checkBasicAuth, type HttpCredentials } from './basic-auth.js';
import { isRpcFault } from './faults.js';
import { parseLogTailPath, type LogTailTarget } from './logtail-path.js';
import { streamLogTail, type LogTailHandler } from './logtail-stream.js';
import { listenUnixSocket, type UnixSocketOptions } from './unix-socket.js';
import { decodeMethodCall } from './xmlrpc-decode.js';
import { encodeFault, encodeMethodResponse } from './xmlrpc-encode.js';
import { DEFAULT_XMLRPC_LIMITS, type XmlRpcValue } from './xmlrpc-value.js';

export interface RpcRequestContext {
  readonly transport: 'unix' | 'inet';
  /** The authenticated user, or null when the server has no credentials. */
  readonly username: string | null;
}

/** Runs one XML-RPC method. Throw RpcFault for a fault; anything else becomes HTTP 500, as in supervisord. */
export type RpcDispatcher = (
  methodName: string,
  params: XmlRpcValue[],
  ctx: RpcRequestContext,
) => Promise<XmlRpcValue>;

/**
 * Serves paths beyond /RPC2 and the log tails (the dashboard and /metrics, src/web/), after auth;
 * resolves false for a path it does not know (→ 404).
 */
export type HttpExtension = (
  req: IncomingMessage,
  res: ServerResponse,
  username: string | null,
) => Promise<boolean>;

export type ServerLog = (level: 'critical' | 'error' | 'warn' | 'info' | 'debug', message: string) => void;

export type RpcEndpoint =
  | ({ readonly kind: 'unix' } & UnixSocketOptions)
  | { readonly kind: 'inet'; readonly host: string; readonly port: number };

export interface RpcServerLimits {
  /** Larger XML-RPC bodies get 413; supervisord's largest honest request is a few KiB. */
  readonly maxBodyBytes: number;
  /** A client that has not sent its headers by then is cut off (slowloris). */
  readonly headersTimeoutMs: number;
  /** A client that has not sent its whole request by then is cut off. */
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  /** How often Node checks the two deadlines above. */
  readonly checkIntervalMs: number;
  readonly maxConnections: number;
}

export const DEFAULT_SERVER_LIMITS: RpcServerLimits = {
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
  maxConnections: 1024,
};

export interface RpcServerOptions {
  readonly endpoint: RpcEndpoint;
  /** Section name for messages, e.g. `unix_http_server`. */
  readonly section: string;
  readonly credentials: HttpCredentials | null;
  readonly dispatcher: RpcDispatcher;
  readonly logtail?: LogTailHandler;
  readonly extension?: HttpExtension;
  readonly log?: ServerLog;
  readonly limits?: Partial<RpcServerLimits>;
}

export interface RpcServerHandle {
  /** `unix:///path` or `http://host:port` (the real port when 0 was asked for). */
  readonly url: string;
  /** Whether the header and request deadlines are being checked (only while a client is connected). */
  checksRunning(): boolean;
  close(): Promise<void>;
}

export async function startRpcServer(options: RpcServerOptions): Promise<RpcServerHandle> {
  const log = options.log ?? (() => {});
  const limits = { ...DEFAULT_SERVER_LIMITS, ...options.limits };
  const { endpoint } = options;
  checkExposure(options, log);
  const tails = new Set<AbortController>();
  const server = createServer({
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: limits.headersTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs,
    // supervisorctl's tail client sends an empty Host header over unix sockets.
    requireHostHeader: false,
  } as Parameters<typeof createServer>[0]);
  server.maxConnections = limits.maxConnections;
  const ctx: RpcRequestContext = { transport: endpoint.kind, username: null };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handleRequest(req, res, options, limits, ctx, tails, log).catch((err: unknown) => {
      log(
        'critical',
        `HTTP request ${req.method} ${req.url} failed: ${err instanceof Error ? err.stack : String(err)}`,
      );
      sendError(res, 500);
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  let release = async (): Promise<void> => {};
  let url: string;
  if (endpoint.kind === 'unix') {
    release = await listenUnixSocket(server, endpoint, log);
    url = `unix://${endpoint.file}`;
  } else {
    await listenInet(server, endpoint.host, endpoint.port);
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    url = `http://${host}:${address.port}`;
  }
  const checks = checkOnlyWhileConnected(server, limits.checkIntervalMs);
  let closing: Promise<void> | undefined;
  return {
    url,
    checksRunning: () => checks.running(),
    close: () =>
      (closing ??= (async () => {
        for (const tail of tails) tail.abort();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        await release();
      })()),
  };
}

/** Refuses an unauthenticated TCP server beyond loopback; warns about any server that is exposed. */
function checkExposure(options: RpcServerOptions, log: ServerLog): void {
  const { endpoint, credentials, section } = options;
  const authenticated = credentials !== null && credentials.password !== null && credentials.password !== '';
  if (endpoint.kind === 'inet' && !isLoopbackHost(endpoint.host)) {
    const where = `${endpoint.host === '' || endpoint.host === '*' ? 'all interfaces' : endpoint.host}:${endpoint.port}`;
    if (!authenticated) {
      throw new ModulusError(
        'RPC_INET_UNAUTHENTICATED',
        `[${section}] would expose the control API on ${where} without a username and password; ` +
          'anyone who can reach that port could run commands as the supervisor',
      );
    }
    log(
      'critical',
      `[${section}] serves the control API on ${where}, beyond loopback: only the password protects it`,
    );
  } else if (credentials === null) {
    if (endpoint.kind === 'unix' && (endpoint.mode & 0o077) === 0) {
      // A socket only its owner may open needs no password (the run images' case, every start).
      log(
        'info',
        `Server '${section}' has no HTTP authentication: its socket (mode ${octal(endpoint.mode)}) lets in only its owner`,
      );
    } else {
      // supervisord logs this at CRITICAL for every server without auth.
      log('critical', `Server '${section}' running without any HTTP authentication checking`);
    }
  }
}

function octal(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

function listenInet(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (cause: Error): void =>
      reject(
        new ModulusError('RPC_SOCKET_FAILED', `cannot listen on ${host || '*'}:${port}: ${cause.message}`, {
          cause,
        }),
      );
    server.once('error', onError);
    server.listen({ host: host === '' || host === '*' ? undefined : host, port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: RpcServerOptions,
  limits: RpcServerLimits,
  baseCtx: RpcRequestContext,
  tails: Set<AbortController>,
  log: ServerLog,
): Promise<void> {
  const auth = checkBasicAuth(req.headers.authorization, options.credentials);
  if (!auth.ok) {
    // Read (and drop) the body first, as medusa does: closing on unread data resets the connection
    // before the client has read the 401.
    await readBody(req, limits.maxBodyBytes);
    if (auth.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="default"');
    sendError(res, auth.status, true);
    return;
  }
  const url = req.url ?? '/';
  if (url.startsWith('/RPC2')) {
    await handleRpc(req, res, options, limits, { ...baseCtx, username: auth.username }, log);
    return;
  }
  if (url.startsWith('/logtail') || url.startsWith('/mainlogtail')) {
    if (req.method !== 'GET') return sendError(res, 400);
    const target: LogTailTarget | null = parseLogTailPath(url);
    if (target === null || options.logtail === undefined) return sendError(res, 404);
    const status = await streamLogTail(req, res, target, options.logtail, tails, log);
    if (status !== undefined) sendError(res, status);
    return;
  }
  if (options.extension !== undefined && (await options.extension(req, res, auth.username))) return;
  sendError(res, 404);
}

async function handleRpc(
  req: IncomingMessage,
  res: ServerResponse,
  options: RpcServerOptions,
  limits: RpcServerLimits,
  ctx: RpcRequestContext,
  log: ServerLog,
): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 400);
  const declared = req.headers['content-length'];
  if (declared === undefined && req.headers['transfer-encoding'] === undefined)
    return sendError(res, 411, true);
  if (declared !== undefined && Number(declared) > limits.maxBodyBytes) return sendError(res, 413, true);
  const body = await readBody(req, limits.maxBodyBytes);
  if (body === null) return sendError(res, 413, true);

  let call;
  try {
    call = decodeMethodCall(body, { ...DEFAULT_XMLRPC_LIMITS, maxBytes: limits.maxBodyBytes });
  } catch (err) {
    log('error', `XML-RPC request is invalid: ${err instanceof Error ? err.message : String(err)}`);
    return sendError(res, 400);
  }
  let response: string;
  try {
    response = encodeMethodResponse(await options.dispatcher(call.methodName, call.params, ctx));
  } catch (err) {
    if (!isRpcFault(err)) {
      log(
        'critical',
        `XML-RPC method ${call.methodName} raised an unexpected error: ${err instanceof Error ? err.stack : String(err)}`,
      );
      return sendError(res, 500);
    }
    response = encodeFault(err.faultCode, err.faultString);
  }
  const bytes = Buffer.from(response, 'utf8');
  res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': bytes.length });
  res.end(bytes);
}

/** The whole body, or null once it passes `max` bytes (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        req.pause();
        resolve(null);
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => resolve(size > max ? null : Buffer.concat(chunks)));
  });
}

export function sendError(res: ServerResponse, status: number, close = false): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${status} ${STATUS_CODES[status] ?? 'Error'}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(body);
}
