// The volume mounted at /mnt, declared once as data: each entry's path, type, owner and mode in the
// `secure` layout (the app cannot rewrite its logs or forge notifications) and the `original` one.
import { join } from 'node:path';

export type LayoutName = 'secure' | 'original';
export const LAYOUT_NAMES: readonly LayoutName[] = ['secure', 'original'];

/** The app user of the run images: `mop`, uid 441, gid 444. */
export const APP_USER = 'mop';
export const DEFAULT_IDS: VolumeIds = { uid: 441, gid: 444 };

/** At the volume root: says that `modulus volume init` made (or adopted) the volume. */
export const VOLUME_MARKER = '.modulus-volume';
export const MARKER_VERSION = 1;

export interface VolumeIds {
  readonly uid: number;
  readonly gid: number;
}

export type EntryName =
  'root' | 'tmp' | 'home' | 'log' | 'app' | 'notifications' | 'app-storage' | 'supervisor.conf';

export interface EntrySpec {
  readonly name: EntryName;
  /** Relative to the volume root; '' for the root itself. */
  readonly path: string;
  readonly kind: 'dir' | 'file';
  /** 'root' entries are written by the supervisor (uid 0); 'app' entries belong to the app user. */
  readonly owner: 'root' | 'app';
  readonly mode: number;
  /** supervisor.conf is written by `modulus config`, not by `modulus volume init`. */
  readonly createdByInit: boolean;
}

type Row = [EntryName, 'dir' | 'file', 'root' | 'app', number];

const SECURE: readonly Row[] = [
  // mop can neither add entries at the top nor replace supervisor.conf.
  ['root', 'dir', 'root', 0o755],
  ['tmp', 'dir', 'app', 0o700],
  ['home', 'dir', 'app', 0o700],
  // Written by the supervisor as root; mop may read them but not rewrite or forge them.
  ['log', 'dir', 'root', 0o750],
  ['app', 'dir', 'app', 0o755],
  ['notifications', 'dir', 'root', 0o750],
  ['app-storage', 'dir', 'app', 0o755],
  ['supervisor.conf', 'file', 'root', 0o640],
];

// What the original Modulus platform prepared: everything belonged to mop.
const ORIGINAL: readonly Row[] = [
  ['root', 'dir', 'app', 0o755],
  ['tmp', 'dir', 'app', 0o755],
  ['home', 'dir', 'app', 0o755],
  ['log', 'dir', 'app', 0o755],
  ['app', 'dir', 'app', 0o755],
  ['notifications', 'dir', 'app', 0o755],
  ['app-storage', 'dir', 'app', 0o755],
  ['supervisor.conf', 'file', 'app', 0o644],
];

export function layoutEntries(layout: LayoutName): readonly EntrySpec[] {
  return (layout === 'secure' ? SECURE : ORIGINAL).map(([name, kind, owner, mode]) => ({
    name,
    path: name === 'root' ? '' : name,
    kind,
    owner,
    mode,
    createdByInit: name !== 'supervisor.conf',
  }));
}

/** Entry names at the volume root, in layout order (what may already be there when adopting). */
export const TOP_LEVEL_NAMES: readonly string[] = SECURE.map(([name]) => name).filter((n) => n !== 'root');

/** The owner an entry gets: root:gid or uid:gid, or (not running as root) whoever runs us. */
export function entryOwnership(
  spec: EntrySpec,
  ids: VolumeIds,
  runner: { uid: number; gid: number },
): { uid: number; gid: number | null } {
  if (runner.uid !== 0) return { uid: runner.uid, gid: null };
  return { uid: spec.owner === 'root' ? 0 : ids.uid, gid: ids.gid };
}

/** Owners `volume check` accepts, whichever layout made the volume. */
export function acceptedOwners(name: EntryName, ids: VolumeIds): readonly number[] {
  const appOnly: readonly EntryName[] = ['tmp', 'home', 'app', 'app-storage'];
  return appOnly.includes(name) ? [ids.uid] : [0, ids.uid];
}

/** Entries the app must be able to write into (checked for owner rwx). */
export const APP_WRITABLE: readonly EntryName[] = ['tmp', 'home', 'app-storage'];

/** "mop (uid 441)", "root (uid 0)" or "uid 1000". */
export function describeUid(uid: number, ids: VolumeIds): string {
  if (uid === 0) return 'root (uid 0)';
  if (uid === ids.uid && ids.uid === DEFAULT_IDS.uid) return `${APP_USER} (uid ${uid})`;
  if (uid === ids.uid) return `the app user (uid ${uid})`;
  return `uid ${uid}`;
}

export function formatMode(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}

/** Every path in a volume mounted at `mnt`; no other code writes these by hand. */
export interface VolumePaths {
  readonly root: string;
  readonly tmp: string;
  readonly home: string;
  readonly log: string;
  readonly appLog: string;
  readonly app: string;
  readonly notifications: string;
  readonly appStorage: string;
  readonly supervisorConf: string;
  readonly marker: string;
}

export function volumePaths(mnt: string): VolumePaths {
  return {
    root: mnt,
    tmp: join(mnt, 'tmp'),
    home: join(mnt, 'home'),
    log: join(mnt, 'log'),
    appLog: join(mnt, 'log', 'app.log'),
    app: join(mnt, 'app'),
    notifications: join(mnt, 'notifications'),
    appStorage: join(mnt, 'app-storage'),
    supervisorConf: join(mnt, 'supervisor.conf'),
    marker: join(mnt, VOLUME_MARKER),
  };
}

export interface VolumeMarker {
  readonly layout: LayoutName;
  readonly uid: number;
  readonly gid: number;
  readonly version: number;
}

export function renderMarker(m: VolumeMarker): string {
  return `${JSON.stringify({ layout: m.layout, uid: m.uid, gid: m.gid, version: m.version })}\n`;
}

/** The marker's content, or undefined when it is not one we wrote. */
export function parseMarker(text: string): VolumeMarker | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { layout, uid, gid, version } = data as Record<string, unknown>;
  if (!LAYOUT_NAMES.includes(layout as LayoutName)) return undefined;
  if (!isId(uid) || !isId(gid) || typeof version !== 'number') return undefined;
  return { layout: layout as LayoutName, uid, gid, version };
}

export function isId(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 2 ** 32 - 1;
}
