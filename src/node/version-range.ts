// npm's range grammar through node-semver, npm's own parser, so `engines.node` means here exactly
// what `npm install` means by it (prerelease and build tags included, and what it calls invalid is
// refused, never widened). Loaded only when a specifier has to be parsed (plan.ts imports it lazily).
import SemverRange from 'semver/classes/range.js';
import minVersion from 'semver/ranges/min-version.js';
import { ModulusError } from '../errors/modulus-error.js';
import { formatVersion, type Version } from './version.js';

export type Range = SemverRange;

/** As npm-install-checks matches engines (no difference for release versions, which is all Node.js has). */
const OPTIONS = { includePrerelease: true } as const;

function badRange(range: string, why: string): ModulusError {
  return new ModulusError('NODE_VERSION_SPEC', `"${range}" is not a valid version range: ${why}`, {
    hint: 'Use an npm range such as ">=20 <23", "^22.11", "20.x", an exact version, "lts/*" or "lts/<codename>".',
  });
}

export function parseRange(text: string): Range {
  const range = text.trim();
  try {
    return new SemverRange(range, OPTIONS);
  } catch (err) {
    // node-semver says "Invalid comparator: x.20" or "Invalid SemVer Range: ...".
    const what = (err as Error).message.replace(/^[^:]*:\s*/, '');
    throw badRange(range, `"${what}" is not a version or comparator npm accepts`);
  }
}

export function satisfies(v: Version, range: Range): boolean {
  return range.test(`${v[0]}.${v[1]}.${v[2]}`);
}

/**
 * The release a range names when it names exactly one (`22.11.0`, `=v22.11.0`, `22.11.0+build`), so
 * nothing newer can be picked; undefined otherwise, and for a prerelease (no Node.js release is one).
 */
export function exactVersion(range: Range): string | undefined {
  const only = range.set.length === 1 && range.set[0]!.length === 1 ? range.set[0]![0]! : undefined;
  if (!only || only.operator !== '' || only.value === '') return undefined; // '' is `*`
  const { major, minor, patch, prerelease } = only.semver;
  return prerelease.length === 0 ? formatVersion([major, minor, patch]) : undefined;
}

/** The lowest version the range asks for, used to list the versions nearest to an unsatisfiable one. */
export function rangeFloor(range: Range): Version {
  const low = minVersion(range);
  return low ? [low.major, low.minor, low.patch] : [0, 0, 0];
}
