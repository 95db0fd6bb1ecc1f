// Everything the control servers serve besides XML-RPC and the log tails: the dashboard page and its
// assets, its JSON status, live events and actions, the ok.html health check and /metrics. Behind
// the same Basic auth (checked by the server first). A GET never changes anything; an action is a
// POST of JSON with the page's CSRF token from the page's own origin.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import type { ApiContext } from '../rpc/api/context.js';
import type { HttpExtension } from '../rpc/http-server.js';
import { assetFiles, type AssetName } from './asset-files.js';
import { CsrfTokens, sameOrigin, trustedHost } from './csrf.js';
import { streamLiveEvents, type LiveFeed } from './live-events.js';
import { gatherMetricsFacts } from './metrics-facts.js';
import { METRICS_CONTENT_TYPE, metricsText } from './metrics-text.js';
import { NotificationWatch } from './notification-feed.js';
import { parseAction, runAction } from './page-actions.js';
import { statusSnapshot } from './status-snapshot.js';

/** What the page's scripts may do: load our own files and talk to us, nothing else, nothing inline. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

const MAX_ACTION_BYTES = 4096;
export const CSRF_HEADER = 'x-modulus-csrf';

export interface WebRoutesOptions {
  readonly ctx: ApiContext;
  /** Names the Host header may carry besides IP literals and localhost (the configured host). */
  readonly hostNames: readonly string[];
  readonly notificationsDir: () => string | null;
}

const ASSET_TYPES: Record<string, [AssetName, string]> = {
  '/assets/dashboard.css': ['dashboard.css', 'text/css; charset=utf-8'],
  '/assets/dashboard.js': ['dashboard.js', 'text/javascript; charset=utf-8'],
};

/** The handler; it answers true when the path was one of its own. */
export function createWebRoutes(options: WebRoutesOptions): HttpExtension {
  const { ctx } = options;
  const tokens = new CsrfTokens();
  const assets = assetFiles();
  const names = [...options.hostNames, hostname()];
  const watches = new Map<string, NotificationWatch>();
  const feed = (): LiveFeed => {
    const dir = options.notificationsDir();
    if (dir === null) return { ctx, notifications: null };
    let watch = watches.get(dir);
    if (watch === undefined) watches.set(dir, (watch = new NotificationWatch(dir)));
    return { ctx, notifications: { dir, watch } };
  };

  return async (req, res, username) => {
    const path = (req.url ?? '/').split(/[?#]/, 1)[0]!;
    const isPage = path === '/' || path === '/index.html' || path.startsWith('/api/');
    const known =
      isPage ||
      path === '/ok.html' ||
      path === '/metrics' ||
      path === '/favicon.ico' ||
      Object.hasOwn(ASSET_TYPES, path);
    if (!known) return false;
    if (isPage && !trustedHost(req.headers.host, names)) {
      send(res, 421, 'text/plain; charset=utf-8', 'this server is not known by that Host name\n');
      return true;
    }
    if (path === '/api/action') {
      if (req.method !== 'POST') return (sendMethodNotAllowed(res, 'POST'), true);
      await handleAction(req, res, tokens, username, ctx);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return (sendMethodNotAllowed(res, 'GET, HEAD'), true);
    switch (path) {
      case '/':
      case '/index.html': {
        const token = tokens.issue(username);
        send(
          res,
          200,
          'text/html; charset=utf-8',
          assets['dashboard.html'].replace('{{csrf}}', escapeHtml(token)),
        );
        return true;
      }
      case '/ok.html': {
        // supervisord's ok.html is a static page; ours also says 503 while the supervisor is not running.
        const running = ctx.session()?.supervisor.state === 'RUNNING';
        send(
          res,
          running ? 200 : 503,
          'text/html; charset=utf-8',
          running ? '<html><body>OK</body></html>\n' : 'not running\n',
        );
        return true;
      }
      case '/favicon.ico':
        res.writeHead(204, SECURITY_HEADERS).end();
        return true;
      case '/metrics': {
        send(
          res,
          200,
          METRICS_CONTENT_TYPE,
          metricsText(gatherMetricsFacts(ctx, options.notificationsDir())),
        );
        return true;
      }
      case '/api/status':
        send(res, 200, 'application/json; charset=utf-8', JSON.stringify(statusSnapshot(ctx)));
        return true;
      case '/api/events':
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
        streamLiveEvents(res, feed());
        return true;
    }
    const asset = Object.hasOwn(ASSET_TYPES, path) ? ASSET_TYPES[path] : undefined;
    if (asset !== undefined) {
      send(res, 200, asset[1], assets[asset[0]]);
      return true;
    }
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    return true;
  };
}

async function handleAction(
  req: IncomingMessage,
  res: ServerResponse,
  tokens: CsrfTokens,
  username: string | null,
  ctx: ApiContext,
): Promise<void> {
  const origin = {
    host: req.headers.host,
    origin: header(req, 'origin'),
    secFetchSite: header(req, 'sec-fetch-site'),
  };
  const body = await readSmallBody(req, MAX_ACTION_BYTES);
  const refuse = (status: number, message: string): void =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify({ ok: false, message }));
  if (!sameOrigin(origin)) return refuse(403, 'refused: the request does not come from this page');
  if (!tokens.verify(header(req, CSRF_HEADER), username))
    return refuse(403, 'refused: missing or invalid CSRF token');
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
    return refuse(415, 'expected application/json');
  if (body === null) return refuse(413, 'request too large');
  const action = parseAction(body);
  if (action === null) return refuse(400, 'not an action');
  const outcome = await runAction(ctx, action);
  send(res, outcome.ok ? 200 : 409, 'application/json; charset=utf-8', JSON.stringify(outcome));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The body as text, or null past `max` bytes. */
function readSmallBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
    });
    req.once('end', () => resolve(size > max ? null : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': bytes.length });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

function sendMethodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
