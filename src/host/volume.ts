// `modulus volume init` and `check` on disk. Nothing here follows a symlink: entries are observed
// with lstat, created with mkdir, and changed through a descriptor opened with O_NOFOLLOW, so an
// entry swapped for a link between looking and changing is refused, not followed.
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  type Stats,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { errnoCode, ModulusError } from '../errors/modulus-error.js';
import { writeFileAtomically } from '../os/atomic-file.js';
import { findProblems, type VolumeProblem } from './volume-check.js';
import {
  planInit,
  type Found,
  type InitOptions,
  type InitPlan,
  type MarkerState,
  type Observed,
  type Step,
} from './volume-plan.js';
import {
  DEFAULT_IDS,
  VOLUME_MARKER,
  parseMarker,
  renderMarker,
  type LayoutName,
  type VolumeIds,
} from './volume-layout.js';

export type { InitOptions } from './volume-plan.js';

export interface InitResult {
  readonly dir: string;
  readonly layout: LayoutName;
  readonly ids: VolumeIds;
  /** One line per entry created or changed, and the marker when written; empty when nothing was to do. */
  readonly actions: readonly string[];
  readonly notes: readonly string[];
}

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = constants;
const MAX_MARKER_BYTES = 4096;

function kindOf(st: Stats): Found['kind'] {
  if (st.isSymbolicLink()) return 'symlink';
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  return 'other';
}

function found(st: Stats): Found {
  return { kind: kindOf(st), uid: st.uid, gid: st.gid, mode: st.mode & 0o7777 };
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return null;
    throw ioError(`cannot look at ${path}`, err);
  }
}

function ioError(what: string, err: unknown): ModulusError {
  return new ModulusError('VOLUME_IO', `${what}: ${errnoCode(err) ?? (err as Error).message}`, {
    cause: err,
  });
}

function readMarker(path: string): MarkerState {
  const st = lstatOrNull(path);
  if (!st) return { kind: 'none' };
  if (!st.isFile())
    return { kind: 'bad', why: `is ${kindOf(st) === 'symlink' ? 'a symbolic link' : 'not a regular file'}` };
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (err) {
    throw ioError(`cannot read ${path}`, err);
  }
  try {
    const buf = Buffer.alloc(MAX_MARKER_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const marker = parseMarker(text);
    return marker ? { kind: 'ok', marker, text } : { kind: 'bad', why: 'is not a marker written by modulus' };
  } finally {
    closeSync(fd);
  }
}

/** What is on disk at dir, without following any symlink. */
export function observeVolume(dir: string): Observed {
  const root = resolve(dir);
  const st = lstatOrNull(root);
  const entries = new Map<string, Found>();
  if (!st || !st.isDirectory()) {
    return { dir: root, root: st ? found(st) : null, marker: { kind: 'none' }, entries };
  }
  let names: string[];
  try {
    names = readdirSync(root);
  } catch (err) {
    throw ioError(`cannot list ${root}`, err);
  }
  for (const name of names.sort()) {
    if (name === VOLUME_MARKER) continue;
    const entry = lstatOrNull(join(root, name));
    if (entry) entries.set(name, found(entry));
  }
  return { dir: root, root: found(st), marker: readMarker(join(root, VOLUME_MARKER)), entries };
}

function runner(): { uid: number; gid: number } {
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
}

/** Creates what is missing and fixes owners and modes; refuses (changing nothing) what it did not make. */
export function initVolume(dir: string, opts: InitOptions = {}): InitResult {
  const observed = observeVolume(dir);
  const plan = planInit(observed, opts, runner());
  if (!observed.root) createRoot(observed.dir);
  for (const step of plan.steps) apply(step);
  const actions = plan.steps.map((s) => s.text);
  if (plan.writeMarker) {
    writeMarker(observed.dir, plan);
    actions.push(
      `wrote ${join(observed.dir, VOLUME_MARKER)} (${plan.layout} layout, uid ${plan.ids.uid}, gid ${plan.ids.gid})`,
    );
  }
  return { dir: observed.dir, layout: plan.layout, ids: plan.ids, actions, notes: plan.notes };
}

function createRoot(root: string): void {
  try {
    mkdirSync(dirname(root), { recursive: true });
    mkdirSync(root, { mode: 0o700 });
  } catch (err) {
    throw ioError(`cannot create ${root}`, err);
  }
}

function apply(step: Step): void {
  const isDir = step.spec.kind === 'dir';
  if (step.create && step.spec.path !== '') {
    try {
      // 0700 until the owner is set: nobody else gets in while the entry is root's.
      mkdirSync(step.path, { mode: 0o700 });
    } catch (err) {
      throw ioError(`cannot create ${step.path}`, err);
    }
  }
  let fd: number;
  try {
    fd = openSync(step.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | (isDir ? O_DIRECTORY : 0));
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ELOOP' || code === 'ENOTDIR') {
      throw new ModulusError(
        'VOLUME_ENTRY_TYPE',
        `${step.path} changed under us and is no longer ${isDir ? 'a directory' : 'a file'}`,
        {
          hint: 'Something else is writing in the volume; stop it and run `modulus volume init` again.',
          cause: err,
        },
      );
    }
    throw ioError(`cannot open ${step.path}`, err);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory() !== isDir)
      throw new ModulusError('VOLUME_ENTRY_TYPE', `${step.path} changed under us`);
    if (step.owner) fchownSync(fd, step.owner.uid, step.owner.gid ?? st.gid);
    if (step.mode !== undefined) fchmodSync(fd, step.mode);
  } catch (err) {
    if (err instanceof ModulusError) throw err;
    throw ioError(`cannot set the owner or mode of ${step.path}`, err);
  } finally {
    closeSync(fd);
  }
}

/** Temp file beside it, then rename: the marker is whole or absent. */
function writeMarker(root: string, plan: InitPlan): void {
  const target = join(root, VOLUME_MARKER);
  try {
    writeFileAtomically(target, renderMarker(plan.marker), { mode: 0o644 });
  } catch (err) {
    throw ioError(`cannot write ${target}`, err);
  }
}

export interface CheckOptions {
  uid?: number;
  gid?: number;
}

/** Every problem with the volume at dir (empty when it is ready). */
export function checkVolume(
  dir: string,
  opts: CheckOptions = {},
): { ids: VolumeIds; problems: VolumeProblem[] } {
  const ids = { uid: opts.uid ?? DEFAULT_IDS.uid, gid: opts.gid ?? DEFAULT_IDS.gid };
  return { ids, problems: findProblems(observeVolume(dir), ids) };
}
