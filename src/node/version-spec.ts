// What a Node.js version specifier asks for: an npm range or exact version, the newest LTS,
// the LTS line with a given codename, or the newest release (`node`, `latest`, `*`).
import { ModulusError } from '../errors/modulus-error.js';
import { isExact, parseRange, type Range } from './version-range.js';

export type VersionSpec =
  | { kind: 'range'; text: string; range: Range; exact: boolean }
  | { kind: 'lts' }
  | { kind: 'lts-codename'; codename: string }
  | { kind: 'latest' };

const LATEST = new Set(['node', 'latest', 'current', '*']);

export function parseVersionSpec(input: string): VersionSpec {
  const text = input.trim();
  const lower = text.toLowerCase();
  if (text === '') {
    throw new ModulusError('NODE_VERSION_SPEC', 'the Node.js version specifier is empty', {
      hint: 'Remove it to get the newest LTS, or write a version such as "22" or "lts/*".',
    });
  }
  if (LATEST.has(lower)) return { kind: 'latest' };
  if (lower === 'lts/*' || lower === 'lts') return { kind: 'lts' };
  if (lower.startsWith('lts/')) {
    const codename = lower.slice(4);
    if (!/^[a-z]+$/.test(codename)) {
      throw new ModulusError(
        'NODE_VERSION_SPEC',
        `"${text}" is not an LTS name: expected lts/* or lts/<codename>`,
      );
    }
    return { kind: 'lts-codename', codename };
  }
  const range = parseRange(text);
  return { kind: 'range', text, range, exact: isExact(range) };
}

/** True for a specifier that may pick newer versions over time (anything but an exact version). */
export function isOpen(spec: VersionSpec): boolean {
  return !(spec.kind === 'range' && spec.exact);
}
