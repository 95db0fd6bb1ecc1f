// `modulus dashboard`'s local end: an HTTP server on 127.0.0.1 that forwards each request to a run's
// control socket (directly, or through `docker exec` into its container, so the container opens no
// TCP port). The control socket is root's alone, so the proxy lets in only a browser that opened the
// printed URL with its random key: the key becomes an HttpOnly, SameSite=Strict cookie for this
// port, and every other request, from any other local user or site, is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ModulusError } from '../errors/modulus-error.js';

export interface DashboardProxy {
  /** The URL to open: it carries the key once; the page itself lives at `/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ProxyOptions {
  /** One new connection to the control server (a unix socket, or a tunnel into a container). */
  readonly connect: () => Duplex;
  /** 0 picks a free port. */
  readonly port: number;
  readonly key?: string;
}

/** Pools tunnels: a `docker exec` costs a process start, so a browser's keep-alive reuses one. */
class TunnelAgent extends Agent {
  constructor(private readonly connect: () => Duplex) {
    super({ keepAlive: true, maxSockets: 16 });
  }
  override createConnection(): Duplex {
    return asSocket(this.connect());
  }
}

/**
 * The agent treats its connections as sockets (setKeepAlive, ref, unref … when it pools one); a
 * tunnel that is only a stream gets those as no-ops, a real socket keeps its own.
 */
function asSocket(stream: Duplex): Duplex {
  const socket = stream as Duplex & Record<string, unknown>;
  for (const method of ['setKeepAlive', 'setNoDelay', 'setTimeout', 'ref', 'unref']) {
    if (typeof socket[method] !== 'function') socket[method] = () => socket;
  }
  return socket;
}

export async function startDashboardProxy(options: ProxyOptions): Promise<DashboardProxy> {
  const key = options.key ?? randomBytes(18).toString('base64url');
  const agent = new TunnelAgent(options.connect);
  const server = createServer();
  let cookie = '';
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const given = url.searchParams.get('key');
    if (given !== null && same(given, key)) {
      res.writeHead(303, {
        Location: '/',
        'Set-Cookie': `${cookie}=${key}; HttpOnly; SameSite=Strict; Path=/`,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    if (!hasCookie(req.headers.cookie, cookie, key)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Open the URL that `modulus dashboard` printed (it carries a key).\n');
      return;
    }
    forward(req, res, agent);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (cause: NodeJS.ErrnoException) =>
      reject(
        new ModulusError('DASHBOARD_LISTEN', `cannot listen on 127.0.0.1:${options.port}: ${cause.message}`, {
          cause,
        }),
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // Cookies are per host, not per port: the name keeps two dashboards on 127.0.0.1 apart.
  cookie = `modulus_dashboard_${port}`;
  return {
    url: `http://127.0.0.1:${port}/?key=${key}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

function forward(req: IncomingMessage, res: ServerResponse, agent: Agent): void {
  const headers = { ...req.headers };
  delete headers.cookie;
  const upstream = request(
    { agent, path: req.url, method: req.method, headers, host: 'localhost' },
    (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    },
  );
  upstream.on('error', (err) => {
    if (!res.headersSent) {
      res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`cannot reach the supervisor: ${err.message}\n`);
    } else res.destroy();
  });
  // A browser that leaves mid-stream (an event stream, a log tail) ends the upstream request too.
  res.once('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
}

function hasCookie(header: string | undefined, name: string, key: string): boolean {
  for (const part of (header ?? '').split(';')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === name && v !== undefined && same(v, key)) return true;
  }
  return false;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
