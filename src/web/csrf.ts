// The page's protection against cross-site requests, decided as pure functions: a per-session token
// (issued with each page, bound to the authenticated user, verified without server-side state), the
// Origin and Fetch-Metadata checks every action must pass, and the Host check that keeps a
// DNS-rebinding page from reading the dashboard as if it were same-origin.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

export class CsrfTokens {
  private readonly secret: Buffer;

  constructor(secret: Buffer = randomBytes(32)) {
    this.secret = secret;
  }

  /** A fresh token: a random nonce and its MAC over the nonce and the user. */
  issue(username: string | null): string {
    const nonce = randomBytes(16).toString('base64url');
    return `${nonce}.${this.mac(nonce, username)}`;
  }

  verify(token: string | undefined, username: string | null): boolean {
    if (token === undefined) return false;
    const match = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (match === null) return false;
    const expected = Buffer.from(this.mac(match[1]!, username));
    const given = Buffer.from(match[2]!);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(nonce: string, username: string | null): string {
    return createHmac('sha256', this.secret)
      .update(`${nonce}\0${username ?? ''}`)
      .digest('base64url');
  }
}

export interface RequestFacts {
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly secFetchSite: string | undefined;
}

/**
 * Whether the Host header names this server by an address or a name we know: an IP literal,
 * `localhost`, or one of `names` (the configured host, the machine's hostname). A rebinding attack
 * reaches us under the attacker's own domain name, which is none of these.
 */
export function trustedHost(host: string | undefined, names: readonly string[]): boolean {
  if (host === undefined || host === '') return false;
  const name = hostName(host);
  if (name === null) return false;
  if (isIP(name) !== 0 || name === 'localhost') return true;
  return names.some((n) => n !== '' && n.toLowerCase() === name);
}

/** An action must come from a page of this very origin: Origin present and equal to the Host. */
export function sameOrigin(facts: RequestFacts): boolean {
  if (facts.secFetchSite !== undefined && facts.secFetchSite !== 'same-origin') return false;
  if (facts.origin === undefined || facts.host === undefined) return false;
  let origin: URL;
  try {
    origin = new URL(facts.origin);
  } catch {
    return false;
  }
  if (origin.protocol !== 'http:' && origin.protocol !== 'https:') return false;
  return origin.host.toLowerCase() === facts.host.toLowerCase();
}

/** The name part of a Host header (`[::1]:8080` → `::1`), lowercased; null when malformed. */
function hostName(host: string): string | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+))(?::\d{1,5})?$/.exec(host.trim());
  if (m === null) return null;
  return (m[1] ?? m[2] ?? '').toLowerCase();
}
