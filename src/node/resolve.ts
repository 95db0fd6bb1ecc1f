// Picks the Node.js version a specifier asks for, from the mirror's index.json and what is already
// installed, and says when the choice deserves a warning. Pure: no clock, files or network.
import { ModulusError } from '../errors/modulus-error.js';
import { rangeFloor, satisfies } from './version-range.js';
import { compareVersions, formatVersion, parseVersion, type Version } from './version.js';
import { isOpen, type VersionSpec } from './version-spec.js';

/** One row of nodejs.org's dist/index.json (only the fields we read). */
export interface IndexEntry {
  version: string;
  date: string;
  files: readonly string[];
  lts: string | false;
}

export interface ResolveInput {
  /** Undefined when nothing asked for a version: the newest LTS. */
  spec: VersionSpec | undefined;
  /** Undefined when the index could not be fetched and none is cached. */
  index: readonly IndexEntry[] | undefined;
  /** Versions on disk (image or cache), usable without the index. */
  installed: readonly string[];
  /** The key in an entry's `files` for this machine, e.g. `linux-x64`. */
  platformFile: string;
  now: Date;
}

export interface Resolution {
  version: string;
  warnings: string[];
}

interface Candidate {
  v: Version;
  lts: string | false | undefined; // undefined: not in the index, LTS status unknown
}

function candidates(input: ResolveInput): Candidate[] {
  const byVersion = new Map<string, Candidate>();
  for (const e of input.index ?? []) {
    const v = parseVersion(e.version);
    if (v && e.files.includes(input.platformFile)) byVersion.set(formatVersion(v), { v, lts: e.lts });
  }
  for (const text of input.installed) {
    const v = parseVersion(text);
    const key = v && formatVersion(v);
    if (v && key && !byVersion.has(key)) {
      const listed = input.index?.find((e) => e.version === key);
      byVersion.set(key, { v, lts: listed ? listed.lts : undefined });
    }
  }
  return [...byVersion.values()].sort((a, b) => compareVersions(b.v, a.v));
}

// Without an index, an even major is the best guess at an LTS line (every LTS line is even).
const isLts = (c: Candidate): boolean => (c.lts === undefined ? c.v[0] % 2 === 0 : c.lts !== false);

/** The LTS line a candidate is on: its codename, or without an index its (even) major. */
const ltsLine = (c: Candidate): string => (typeof c.lts === 'string' ? c.lts.toLowerCase() : `${c.v[0]}`);

/** nvm's `lts/-N`: the newest release of the LTS line N lines older than the newest line. */
function ltsBack(list: Candidate[], back: number): Candidate | undefined {
  const lines: string[] = [];
  for (const c of list.filter(isLts)) {
    if (!lines.includes(ltsLine(c))) lines.push(ltsLine(c));
    if (lines.length > back) return c;
  }
  return undefined;
}

function pick(spec: VersionSpec | undefined, list: Candidate[]): Candidate | undefined {
  if (spec === undefined || spec.kind === 'lts') return list.find(isLts);
  if (spec.kind === 'latest') return list[0];
  if (spec.kind === 'lts-back') return ltsBack(list, spec.back);
  if (spec.kind === 'lts-codename')
    return list.find((c) => typeof c.lts === 'string' && c.lts.toLowerCase() === spec.codename);
  return list.find((c) => satisfies(c.v, spec.range));
}

export function resolveVersion(input: ResolveInput): Resolution {
  const list = candidates(input);
  const chosen = pick(input.spec, list);
  if (!chosen) throw unsatisfiable(input, list);
  return { version: formatVersion(chosen.v), warnings: warnings(input, chosen, list) };
}

function describe(spec: VersionSpec | undefined): string {
  if (spec === undefined || spec.kind === 'lts') return 'an LTS release';
  if (spec.kind === 'latest') return 'any release';
  if (spec.kind === 'lts-codename') return `lts/${spec.codename}`;
  if (spec.kind === 'lts-back') return `lts/-${spec.back}`;
  return `"${spec.text}"`;
}

function unsatisfiable(input: ResolveInput, list: Candidate[]): ModulusError {
  const where = input.index ? 'the mirror' : 'the installed versions (the index is unavailable)';
  if (list.length === 0) {
    return new ModulusError(
      'NODE_INDEX_UNAVAILABLE',
      `no Node.js version for ${input.platformFile} is known: ${where} lists none`,
    );
  }
  const spec = input.spec;
  if (spec?.kind === 'lts-codename') {
    const names = [
      ...new Set((input.index ?? []).map((e) => e.lts).filter((n): n is string => typeof n === 'string')),
    ];
    return new ModulusError(
      'NODE_VERSION_UNSATISFIABLE',
      `no LTS line is called "${spec.codename}" in ${where}`,
      {
        hint: `Known codenames: ${names.map((n) => `lts/${n.toLowerCase()}`).join(', ') || 'none'}.`,
      },
    );
  }
  const target = spec?.kind === 'range' ? rangeFloor(spec.range)[0] : Infinity;
  const nearest = nearestVersions(list, target);
  return new ModulusError(
    'NODE_VERSION_UNSATISFIABLE',
    `no Node.js version satisfies ${describe(spec)} in ${where}`,
    {
      hint: `Nearest versions that exist: ${nearest.join(', ')}. Change the specifier (or the file that set it) to match one.`,
    },
  );
}

/** The newest release of each major line, closest to the major that was asked for first. */
export function nearestVersions(list: readonly { v: Version }[], targetMajor: number, count = 4): string[] {
  const newestPerMajor = new Map<number, Version>();
  for (const { v } of list) {
    const seen = newestPerMajor.get(v[0]);
    if (!seen || compareVersions(v, seen) > 0) newestPerMajor.set(v[0], v);
  }
  const distance = (v: Version): number =>
    Number.isFinite(targetMajor) ? Math.abs(v[0] - targetMajor) : -v[0];
  return [...newestPerMajor.values()]
    .sort((a, b) => distance(a) - distance(b) || b[0] - a[0])
    .slice(0, count)
    .sort((a, b) => compareVersions(b, a))
    .map(formatVersion);
}

function warnings(input: ResolveInput, chosen: Candidate, list: Candidate[]): string[] {
  const out: string[] = [];
  const newestLts = list.find((c) => c.lts !== undefined && c.lts !== false);
  if (input.spec && isOpen(input.spec) && newestLts && chosen.v[0] > newestLts.v[0]) {
    out.push(
      `${formatVersion(chosen.v)} is a Current release, newer than the newest LTS line (v${newestLts.v[0]}); ` +
        `write "^${newestLts.v[0]}" to stay on LTS`,
    );
  }
  const eol = endOfLife(chosen.v[0], input.index);
  if (eol && eol.getTime() <= input.now.getTime()) {
    out.push(
      `Node.js ${chosen.v[0]} reached end of life on ${eol.toISOString().slice(0, 10)} and gets no security fixes`,
    );
  }
  return out;
}

/**
 * When a major line ends, from the date of its first release in the index and Node.js's schedule
 * (https://github.com/nodejs/release#release-schedule): even lines end on 30 April three years after
 * their April release, odd lines on 1 June of the year after their October release.
 */
export function endOfLife(major: number, index: readonly IndexEntry[] | undefined): Date | undefined {
  const firsts = (index ?? []).filter((e) => parseVersion(e.version)?.[0] === major).map((e) => e.date);
  const first = firsts.sort()[0];
  if (!first) return undefined;
  const year = Number(first.slice(0, 4));
  if (major < 4) return new Date(Date.UTC(2016, 11, 31)); // 0.x lines ended by 2016
  return major % 2 === 0 ? new Date(Date.UTC(year + 3, 3, 30)) : new Date(Date.UTC(year + 1, 5, 1));
}
