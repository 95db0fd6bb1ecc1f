// An XML-RPC client for `unix:///path` and `http://host:port` servers with optional Basic auth, as
// our supervisorctl needs it; also opens the streaming GETs behind `tail -f` and `maintail -f`.
// Passwords never appear in error messages.
import { Agent, request, type IncomingMessage, type RequestOptions } from 'node:http';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import { basicAuthHeader } from './basic-auth.js';
import { RpcFault } from './faults.js';
import { decodeMethodResponse } from './xmlrpc-decode.js';
import { encodeMethodCall } from './xmlrpc-encode.js';
import { DEFAULT_XMLRPC_LIMITS, type XmlRpcValue } from './xmlrpc-value.js';

export type ServerAddress =
  | { readonly kind: 'unix'; readonly path: string }
  | { readonly kind: 'http'; readonly host: string; readonly port: number };

export interface RpcClientOptions {
  readonly username?: string | null;
  readonly password?: string | null;
  /** Per request; 0 waits forever (for calls with wait=true on slow programs). */
  readonly timeoutMs?: number;
  /** Largest response accepted (readLog can return a lot). */
  readonly maxResponseBytes?: number;
}

export interface RpcClient {
  /** The server URL without credentials. */
  readonly url: string;
  call(methodName: string, params?: readonly XmlRpcValue[]): Promise<XmlRpcValue>;
  /** A GET whose response is streamed (status 200 only; others reject with RpcHttpError). */
  get(path: string, signal?: AbortSignal): Promise<IncomingMessage>;
  close(): void;
}

export class RpcHttpError extends ModulusError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super('RPC_HTTP_ERROR', message);
    this.name = 'RpcHttpError';
  }
}

export function parseServerUrl(url: string): ServerAddress {
  if (url.startsWith('unix://')) {
    const path = url.slice('unix://'.length);
    if (path === '') throw new ModulusError('RPC_BAD_URL', `server URL ${url} names no socket file`);
    return { kind: 'unix', path };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new ModulusError('RPC_BAD_URL', `cannot read the server URL ${displayUrl(url)}`, { cause });
  }
  if (parsed.protocol !== 'http:')
    throw new ModulusError('RPC_BAD_URL', `unsupported server URL ${displayUrl(url)}`);
  return {
    kind: 'http',
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port === '' ? 80 : Number(parsed.port),
  };
}

/** The URL with any user:password@ removed, for messages. */
export function displayUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/)[^/@]*@/i, '$1');
}

export function createRpcClient(serverUrl: string, options: RpcClientOptions = {}): RpcClient {
  const address = parseServerUrl(serverUrl);
  const url = displayUrl(serverUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const timeoutMs = options.timeoutMs ?? 0;
  const maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  const headers: Record<string, string> = { 'User-Agent': 'modulus-supervisorctl' };
  if (options.username != null && options.password != null) {
    headers.Authorization = basicAuthHeader(options.username, options.password);
  }
  // An empty TLS server name stops the agent from working one out with net.isIP, whose IPv6 regex
  // costs ~4 ms to compile on the first call; plain HTTP never uses it.
  const noServerName = { servername: '' };
  const base: RequestOptions =
    address.kind === 'unix'
      ? { ...noServerName, socketPath: address.path, agent, headers: { ...headers, Host: 'localhost' } }
      : { ...noServerName, host: address.host, port: address.port, agent, headers };

  const open = (req: RequestOptions, body: string | null, signal?: AbortSignal): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const r = request({ ...base, ...req, headers: { ...base.headers, ...req.headers }, signal }, (res) => {
        if (res.statusCode === 200) return resolve(res);
        res.resume();
        const status = res.statusCode ?? 0;
        reject(
          new RpcHttpError(status, `${url}${req.path}: HTTP ${status} ${res.statusMessage ?? ''}`.trimEnd()),
        );
      });
      if (timeoutMs > 0)
        r.setTimeout(timeoutMs, () =>
          r.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
        );
      r.on('error', (cause) => reject(unreachable(url, cause)));
      r.end(body ?? undefined);
    });

  return {
    url,
    async call(methodName, params = []) {
      const body = encodeMethodCall(methodName, params);
      const res = await open(
        {
          method: 'POST',
          path: '/RPC2',
          headers: { 'Content-Type': 'text/xml', 'Content-Length': String(Buffer.byteLength(body)) },
        },
        body,
      );
      const data = await readAll(res, maxResponseBytes, url);
      const response = decodeMethodResponse(data, { ...DEFAULT_XMLRPC_LIMITS, maxBytes: maxResponseBytes });
      if (response.kind === 'fault') throw RpcFault.fromWire(response.faultCode, response.faultString);
      return response.value;
    },
    get(path, signal) {
      // Its own connection, outside the pool. It must still say keep-alive: supervisord's medusa
      // server sends nothing on a chunked logtail stream to a client that asks to close.
      return open({ method: 'GET', path, agent: false, headers: { Connection: 'keep-alive' } }, null, signal);
    },
    close() {
      agent.destroy();
    },
  };
}

function readAll(res: IncomingMessage, max: number, url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        res.destroy();
        reject(new ModulusError('RPC_HTTP_ERROR', `${url}: response larger than ${max} bytes`));
      } else chunks.push(chunk);
    });
    res.once('end', () => resolve(Buffer.concat(chunks)));
    res.once('error', (cause) => reject(unreachable(url, cause)));
  });
}

function unreachable(url: string, cause: unknown): ModulusError {
  if (cause instanceof ModulusError) return cause;
  const code = errnoCode(cause) ?? (cause instanceof Error ? cause.message : String(cause));
  return new ModulusError('RPC_UNREACHABLE', `cannot talk to the supervisor at ${url}: ${code}`, { cause });
}
