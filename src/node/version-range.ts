// npm's range grammar for release versions (>=, <, ^, ~, x-ranges, hyphen ranges, ||, spaces as AND),
// reduced to sets of comparators; Node.js releases carry no prerelease tags, so none are parsed.
import { ModulusError } from '../errors/modulus-error.js';

export type Version = readonly [number, number, number];
type Op = '>=' | '<' | '<=' | '>' | '=';
interface Comparator {
  op: Op;
  v: Version;
}
/** OR of AND-sets of comparators; an empty AND-set matches every version. */
export type Range = readonly (readonly Comparator[])[];

const VERSION_RE = /^v?(\d+)\.(\d+)\.(\d+)$/;
const PARTIAL_RE = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/;

export function parseVersion(text: string): Version | undefined {
  const m = VERSION_RE.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function formatVersion(v: Version): string {
  return `v${v[0]}.${v[1]}.${v[2]}`;
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** A partial version: undefined parts are wildcards (`20.x` → [20, undefined, undefined]). */
type Partial = [number | undefined, number | undefined, number | undefined];

function parsePartial(text: string, range: string): Partial {
  const m = PARTIAL_RE.exec(text);
  if (!m) throw badRange(range, `"${text}" is not a version`);
  const parts = [m[1], m[2], m[3]].map((p) => (p === undefined || /^[xX*]$/.test(p) ? undefined : Number(p)));
  // A wildcard makes everything after it a wildcard too (`1.x.3` means `1.x`).
  const first = parts.indexOf(undefined);
  return (first === -1 ? parts : parts.map((p, i) => (i < first ? p : undefined))) as Partial;
}

function badRange(range: string, why: string): ModulusError {
  return new ModulusError('NODE_VERSION_SPEC', `"${range}" is not a valid version range: ${why}`, {
    hint: 'Use an npm range such as ">=20 <23", "^22.11", "20.x", an exact version, "lts/*" or "lts/<codename>".',
  });
}

const floor = (p: Partial): Version => [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0];
/** The first version above everything the partial matches (`1.2` → 1.3.0, `1` → 2.0.0). */
function ceiling(p: Partial): Version {
  if (p[1] === undefined) return [p[0]! + 1, 0, 0];
  if (p[2] === undefined) return [p[0]!, p[1] + 1, 0];
  return [p[0]!, p[1], p[2] + 1];
}
const NONE: Comparator[] = [{ op: '<', v: [0, 0, 0] }];

function xRange(p: Partial): Comparator[] {
  if (p[0] === undefined) return [];
  if (p[2] !== undefined) return [{ op: '=', v: floor(p) }];
  return [
    { op: '>=', v: floor(p) },
    { op: '<', v: ceiling(p) },
  ];
}

function caret(p: Partial): Comparator[] {
  if (p[0] === undefined) return [];
  const [major, minor, patch] = p;
  let upper: Version;
  if (major > 0 || minor === undefined) upper = [major + 1, 0, 0];
  else if (minor > 0 || patch === undefined) upper = [0, minor + 1, 0];
  else upper = [0, 0, patch + 1];
  return [
    { op: '>=', v: floor(p) },
    { op: '<', v: upper },
  ];
}

function tilde(p: Partial): Comparator[] {
  if (p[0] === undefined) return [];
  const upper: Version = p[1] === undefined ? [p[0] + 1, 0, 0] : [p[0], p[1] + 1, 0];
  return [
    { op: '>=', v: floor(p) },
    { op: '<', v: upper },
  ];
}

function primitive(op: string, p: Partial): Comparator[] {
  const wild = p[0] === undefined;
  const complete = p[2] !== undefined;
  switch (op) {
    case '>':
      return wild ? NONE : [complete ? { op: '>', v: floor(p) } : { op: '>=', v: ceiling(p) }];
    case '>=':
      return wild ? [] : [{ op: '>=', v: floor(p) }];
    case '<':
      return wild ? NONE : [{ op: '<', v: floor(p) }];
    case '<=':
      return wild ? [] : [complete ? { op: '<=', v: floor(p) } : { op: '<', v: ceiling(p) }];
    default:
      return xRange(p);
  }
}

function parseComparator(token: string, range: string): Comparator[] {
  const m = /^(>=|<=|>|<|=|\^|~>?)?(.*)$/.exec(token)!;
  const op = m[1] ?? '';
  const p = parsePartial(m[2]!, range);
  if (op === '^') return caret(p);
  if (op.startsWith('~')) return tilde(p);
  return primitive(op, p);
}

function parseAndSet(text: string, range: string): Comparator[] {
  const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
  if (hyphen) {
    const low = parsePartial(hyphen[1]!, range);
    const high = parsePartial(hyphen[2]!, range);
    const lower = low[0] === undefined ? [] : [{ op: '>=' as const, v: floor(low) }];
    const upper = high[0] === undefined ? [] : primitive('<=', high);
    return [...lower, ...upper];
  }
  // npm allows a space between an operator and its version (`>= 18`).
  const tokens = text
    .replace(/(>=|<=|>|<|=|\^|~>?)\s+/g, '$1')
    .split(/\s+/)
    .filter(Boolean);
  return tokens.flatMap((t) => parseComparator(t, range));
}

export function parseRange(text: string): Range {
  const range = text.trim();
  return range.split('||').map((set) => parseAndSet(set.trim(), range));
}

function test(c: Comparator, v: Version): boolean {
  const cmp = compareVersions(v, c.v);
  switch (c.op) {
    case '>=':
      return cmp >= 0;
    case '>':
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '=':
      return cmp === 0;
  }
}

export function satisfies(v: Version, range: Range): boolean {
  return range.some((set) => set.every((c) => test(c, v)));
}

/** True when the range names one version only (`22.11.0`, `=v22.11.0`), so nothing newer can be picked. */
export function isExact(range: Range): boolean {
  return range.length === 1 && range[0]!.length === 1 && range[0]![0]!.op === '=';
}

/** The lowest version the range asks for, used to list the versions nearest to an unsatisfiable one. */
export function rangeFloor(range: Range): Version {
  const lows = range.flatMap((set) => set.filter((c) => c.op !== '<' && c.op !== '<=').map((c) => c.v));
  return lows.sort(compareVersions)[0] ?? [0, 0, 0];
}
