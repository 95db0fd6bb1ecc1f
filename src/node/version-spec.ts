// What a Node.js version specifier asks for, with nvm's meanings for what is not semver: the newest
// LTS (`lts/*`), the LTS line N lines back (`lts/-N`), the LTS line with a given codename, the
// newest release (`node`, `stable`, `latest`, `current`, `*`); anything else is an npm range.
import { ModulusError } from '../errors/modulus-error.js';
import { exactVersion, parseRange, type Range } from './version-range.js';

export type VersionSpec =
  /** `exact` is the one release the range names (`v22.11.0`), if it names only one. */
  | { kind: 'range'; text: string; range: Range; exact: string | undefined }
  | { kind: 'lts' }
  /** `lts/-1` is the LTS line before the newest one. */
  | { kind: 'lts-back'; back: number }
  | { kind: 'lts-codename'; codename: string }
  | { kind: 'latest' };

const LATEST = new Set(['node', 'stable', 'latest', 'current', '*']);

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
    const name = lower.slice(4);
    if (/^-[1-9]\d{0,2}$/.test(name)) return { kind: 'lts-back', back: Number(name.slice(1)) };
    if (!/^[a-z]+$/.test(name)) {
      throw new ModulusError(
        'NODE_VERSION_SPEC',
        `"${text}" is not an LTS name: expected lts/*, lts/-N (N from 1) or lts/<codename>`,
      );
    }
    return { kind: 'lts-codename', codename: name };
  }
  const range = parseRange(text);
  return { kind: 'range', text, range, exact: exactVersion(range) };
}

/** True for a specifier that may pick newer versions over time (anything but an exact version). */
export function isOpen(spec: VersionSpec): boolean {
  return !(spec.kind === 'range' && spec.exact !== undefined);
}
