// Deciding, apart from doing: from what is on disk (observed with lstat, never through a symlink),
// what `modulus volume init` must create or change, and what `modulus volume check` finds wrong.
import { join } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import {
  DEFAULT_IDS,
  MARKER_VERSION,
  TOP_LEVEL_NAMES,
  VOLUME_MARKER,
  entryOwnership,
  formatMode,
  layoutEntries,
  type EntrySpec,
  type LayoutName,
  type VolumeIds,
  type VolumeMarker,
} from './volume-layout.js';

export type FoundKind = 'dir' | 'file' | 'symlink' | 'other';

export interface Found {
  readonly kind: FoundKind;
  readonly uid: number;
  readonly gid: number;
  readonly mode: number;
}

export type MarkerState =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly marker: VolumeMarker; readonly text: string }
  | { readonly kind: 'bad'; readonly why: string };

export interface Observed {
  readonly dir: string;
  /** null when dir does not exist. */
  readonly root: Found | null;
  readonly marker: MarkerState;
  /** Every entry at the top of the volume except the marker, by name. */
  readonly entries: ReadonlyMap<string, Found>;
}

export interface InitOptions {
  layout?: LayoutName;
  uid?: number;
  gid?: number;
}

export interface Step {
  readonly spec: EntrySpec;
  readonly path: string;
  readonly create: boolean;
  /** gid null: leave the group as it is (not running as root). */
  readonly owner?: { readonly uid: number; readonly gid: number | null };
  readonly mode?: number;
  /** What the step does, for the report. */
  readonly text: string;
}

export interface InitPlan {
  readonly layout: LayoutName;
  readonly ids: VolumeIds;
  readonly marker: VolumeMarker;
  readonly writeMarker: boolean;
  readonly adopted: boolean;
  readonly steps: readonly Step[];
  readonly notes: readonly string[];
}

const KIND_WORDS: Record<FoundKind, string> = {
  dir: 'a directory',
  file: 'a regular file',
  symlink: 'a symbolic link',
  other: 'a special file',
};

function pathOf(dir: string, spec: EntrySpec): string {
  return spec.path === '' ? dir : join(dir, spec.path);
}

/** Every layout entry that exists with the wrong type (symlinks included), named in one error. */
function refuseWrongTypes(o: Observed, specs: readonly EntrySpec[]): void {
  const wrong: string[] = [];
  if (o.root && o.root.kind !== 'dir') wrong.push(`${o.dir} is ${KIND_WORDS[o.root.kind]}, not a directory`);
  if (o.marker.kind === 'bad') wrong.push(`${join(o.dir, VOLUME_MARKER)} ${o.marker.why}`);
  for (const spec of specs) {
    const found = spec.path === '' ? undefined : o.entries.get(spec.path);
    if (found && found.kind !== spec.kind) {
      wrong.push(
        `${pathOf(o.dir, spec)} is ${KIND_WORDS[found.kind]}; the layout needs ${KIND_WORDS[spec.kind]}`,
      );
    }
  }
  if (wrong.length === 0) return;
  throw new ModulusError('VOLUME_ENTRY_TYPE', `cannot use ${o.dir} as a volume:\n  ${wrong.join('\n  ')}`, {
    hint: 'Nothing was changed. modulus never removes or follows what it finds there: move those entries away, then run it again.',
  });
}

/** A non-empty directory we did not make is adopted only when it already looks like a volume. */
function refuseForeign(o: Observed): boolean {
  if (o.marker.kind === 'ok' || o.entries.size === 0) return false;
  const strangers = [...o.entries.keys()].filter((name) => !TOP_LEVEL_NAMES.includes(name)).sort();
  if (strangers.length > 0) {
    const shown = strangers.slice(0, 8).join(', ') + (strangers.length > 8 ? ', …' : '');
    throw new ModulusError(
      'VOLUME_FOREIGN',
      `${o.dir} is not empty and was not made by \`modulus volume init\` (it has no ${VOLUME_MARKER}); it holds ${shown}`,
      { hint: 'Nothing was changed. Use a new or empty directory, or move those entries away.' },
    );
  }
  return true;
}

function owner(uid: number, gid: number | null): string {
  return gid === null ? `uid ${uid}` : `${uid}:${gid}`;
}

/** What init must do to make o match the layout; throws (having decided nothing) when it must not. */
export function planInit(o: Observed, opts: InitOptions, runner: { uid: number; gid: number }): InitPlan {
  // Defaults do not come from the marker: the same command always means the same volume, so the
  // fix that `volume check` prints does what it says.
  const layout = opts.layout ?? 'secure';
  const ids = { uid: opts.uid ?? DEFAULT_IDS.uid, gid: opts.gid ?? DEFAULT_IDS.gid };
  const specs = layoutEntries(layout);
  refuseWrongTypes(o, specs);
  const adopted = refuseForeign(o);

  const steps: Step[] = [];
  const cannot: string[] = [];
  // The root last: in the secure layout it ends up owned by root, after its entries are in place.
  for (const spec of [...specs.slice(1), specs[0]!]) {
    const path = pathOf(o.dir, spec);
    const found = spec.path === '' ? (o.root ?? undefined) : o.entries.get(spec.path);
    if (!found && !spec.createdByInit) continue;
    const want = entryOwnership(spec, ids, runner);
    if (!found) {
      const kind = spec.kind === 'dir' ? 'directory' : 'file';
      const text = `created ${path} (${kind}, ${owner(want.uid, want.gid ?? runner.gid)}, ${formatMode(spec.mode)})`;
      steps.push({ spec, path, create: true, owner: want, mode: spec.mode, text });
      continue;
    }
    const ownerWrong = found.uid !== want.uid || (want.gid !== null && found.gid !== want.gid);
    const modeWrong = (found.mode & 0o7777) !== spec.mode;
    if (ownerWrong && runner.uid !== 0) {
      cannot.push(`${path} is owned by uid ${found.uid}`);
      continue;
    }
    if (!ownerWrong && !modeWrong) continue;
    const changes: string[] = [];
    if (ownerWrong) changes.push(`owner ${owner(found.uid, found.gid)} -> ${owner(want.uid, want.gid)}`);
    if (modeWrong) changes.push(`mode ${formatMode(found.mode)} -> ${formatMode(spec.mode)}`);
    steps.push({
      spec,
      path,
      create: false,
      owner: ownerWrong ? want : undefined,
      mode: modeWrong ? spec.mode : undefined,
      text: `changed ${path}: ${changes.join(', ')}`,
    });
  }
  if (cannot.length > 0) {
    throw new ModulusError(
      'VOLUME_OWNER',
      `only root can change owners, and not running as root:\n  ${cannot.join('\n  ')}`,
      { hint: 'Run `modulus volume init` as root, or give those entries to the current user by hand.' },
    );
  }
  const marker = { layout, uid: ids.uid, gid: ids.gid, version: MARKER_VERSION };
  const notes: string[] = [];
  if (adopted)
    notes.push(`adopted ${o.dir}: it had no ${VOLUME_MARKER}, but everything in it belongs to the layout`);
  if (runner.uid !== 0) {
    notes.push(
      `not running as root: everything is owned by uid ${runner.uid}; the app is not isolated from its logs`,
    );
  }
  const writeMarker =
    o.marker.kind !== 'ok' ||
    o.marker.marker.layout !== layout ||
    o.marker.marker.uid !== ids.uid ||
    o.marker.marker.gid !== ids.gid ||
    o.marker.marker.version !== MARKER_VERSION;
  return { layout, ids, marker, writeMarker, adopted, steps, notes };
}
