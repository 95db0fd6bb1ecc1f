// HTTP Basic authentication as supervisord's HTTP servers check it: one username, and a password
// stored either as plain text or as `{SHA}` followed by the hex SHA-1 digest of the password.
import { createHash, timingSafeEqual } from 'node:crypto';

export interface HttpCredentials {
  readonly username: string;
  /** Plain text, or `{SHA}` + hex SHA-1 digest. null accepts no password at all. */
  readonly password: string | null;
}

export type AuthOutcome =
  | { readonly ok: true; readonly username: string | null }
  /** 400 for an Authorization header that is not valid base64 (medusa's auth_handler), else 401. */
  | { readonly ok: false; readonly status: 400 | 401 };

/** Checks a request's Authorization header; with no credentials configured every request passes. */
export function checkBasicAuth(header: string | undefined, credentials: HttpCredentials | null): AuthOutcome {
  if (credentials === null) return { ok: true, username: null };
  if (header === undefined) return { ok: false, status: 401 };
  const match = /^\s*(\S+)\s+(\S*)\s*$/.exec(header);
  if (match === null || match[1]?.toLowerCase() !== 'basic') return { ok: false, status: 401 };
  const encoded = match[2] ?? '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 === 1) return { ok: false, status: 400 };
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const username = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  const userOk = constantTimeEqual(username, credentials.username);
  const passwordOk =
    credentials.password !== null && colon >= 0 && passwordMatches(credentials.password, password);
  return userOk && passwordOk ? { ok: true, username } : { ok: false, status: 401 };
}

/** Compares a given password with the stored one, plain or `{SHA}`-hashed, without timing leaks. */
export function passwordMatches(stored: string, given: string): boolean {
  if (stored.startsWith('{SHA}')) {
    const digest = createHash('sha1').update(given, 'utf8').digest('hex');
    return constantTimeEqual(stored.slice(5).toLowerCase(), digest);
  }
  return constantTimeEqual(stored, given);
}

function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/** The header value a client sends. */
export function basicAuthHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
