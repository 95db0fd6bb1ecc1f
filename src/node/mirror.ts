// The Node.js distribution mirror (NODEJS_ORG_MIRROR, nodejs.org's layout): file URLs, the injected
// fetch, and URLs shown to users with any credentials masked.
import { ModulusError } from '../errors/modulus-error.js';

/** The subset of the global fetch we use; tests pass a failing or recording one. */
export type Fetch = (
  url: string,
  init?: { signal?: AbortSignal; headers?: Record<string, string> },
) => Promise<Response>;

export const DEFAULT_MIRROR = 'https://nodejs.org/dist';

export interface Mirror {
  /** Base URL without a trailing slash; may hold credentials, so never print it. */
  readonly base: string;
  url(path: string): string;
  /** The URL as it may appear in a message: user and password replaced by `***`. */
  shown(path?: string): string;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    for (const key of [...u.searchParams.keys()]) {
      if (/token|key|auth|sig|pass/i.test(key)) u.searchParams.set(key, '***');
    }
    return u.toString();
  } catch {
    return '<invalid mirror URL>';
  }
}

export function mirrorFrom(env: NodeJS.ProcessEnv = process.env): Mirror {
  const base = (env.NODEJS_ORG_MIRROR || DEFAULT_MIRROR).replace(/\/+$/, '');
  try {
    new URL(base);
  } catch {
    throw new ModulusError('NODE_DOWNLOAD_FAILED', `NODEJS_ORG_MIRROR is not a URL: ${redactUrl(base)}`, {
      hint: `Set it to a URL laid out like ${DEFAULT_MIRROR}, or unset it.`,
    });
  }
  const url = (path: string): string => `${base}/${path.replace(/^\/+/, '')}`;
  return { base, url, shown: (path = '') => redactUrl(path ? url(path) : base) };
}

/** fetch refuses URLs with credentials: move `user:password@` into a basic Authorization header. */
function withoutCredentials(url: string): { url: string; headers: Record<string, string> } {
  const u = new URL(url);
  if (!u.username && !u.password) return { url, headers: {} };
  const auth = Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString(
    'base64',
  );
  u.username = '';
  u.password = '';
  return { url: u.toString(), headers: { authorization: `Basic ${auth}` } };
}

/** GET a mirror file; a network error or a non-2xx status becomes NODE_DOWNLOAD_FAILED naming the masked URL. */
export async function get(fetch: Fetch, mirror: Mirror, path: string, timeoutMs = 30_000): Promise<Response> {
  let response: Response;
  try {
    const { url, headers } = withoutCredentials(mirror.url(path));
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers });
  } catch (err) {
    const why =
      err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    throw new ModulusError(
      'NODE_DOWNLOAD_FAILED',
      `cannot reach ${mirror.shown(path)}: ${why.split(mirror.base).join(mirror.shown())}`,
      { cause: err },
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ModulusError('NODE_DOWNLOAD_FAILED', `${mirror.shown(path)} answered HTTP ${response.status}`);
  }
  return response;
}
