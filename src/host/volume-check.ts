// What `modulus volume check` finds wrong with a volume (pure): every problem at once, and one
// message that names each entry, the owner it needs, and the command that fixes it.
import { join } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import type { Found, Observed } from './volume-plan.js';
import {
  APP_WRITABLE,
  DEFAULT_IDS,
  acceptedOwners,
  describeUid,
  formatMode,
  layoutEntries,
  type EntryName,
  type VolumeIds,
} from './volume-layout.js';

export interface VolumeProblem {
  readonly path: string;
  readonly entry: EntryName;
  readonly problem: string;
}

const KIND_WORDS: Record<Found['kind'], string> = {
  dir: 'a directory',
  file: 'a regular file',
  symlink: 'a symbolic link',
  other: 'a special file',
};

function ownersText(entry: EntryName, ids: VolumeIds): string {
  return acceptedOwners(entry, ids)
    .map((uid) => describeUid(uid, ids))
    .join(' or ');
}

/** Every problem with the volume o, for an app running as ids (either layout is accepted). */
export function findProblems(o: Observed, ids: VolumeIds): VolumeProblem[] {
  if (!o.root) return [{ path: o.dir, entry: 'root', problem: 'does not exist' }];
  const problems: VolumeProblem[] = [];
  for (const spec of layoutEntries('secure')) {
    const path = spec.path === '' ? o.dir : join(o.dir, spec.path);
    const found = spec.path === '' ? o.root : o.entries.get(spec.path);
    const needs = `${KIND_WORDS[spec.kind]} owned by ${ownersText(spec.name, ids)}`;
    const add = (problem: string): void => void problems.push({ path, entry: spec.name, problem });
    if (!found) {
      add(
        spec.name === 'supervisor.conf'
          ? `missing: generate it with \`modulus config -o ${shellQuote(path)}\``
          : `missing: needs ${needs}`,
      );
      continue;
    }
    if (found.kind !== spec.kind) {
      add(`is ${KIND_WORDS[found.kind]}: needs ${needs}`);
      if (spec.path === '') break;
      continue;
    }
    if (!acceptedOwners(spec.name, ids).includes(found.uid)) {
      add(`owned by ${describeUid(found.uid, ids)}: needs owner ${ownersText(spec.name, ids)}`);
    } else if (APP_WRITABLE.includes(spec.name) && (found.mode & 0o700) !== 0o700) {
      add(`mode ${formatMode(found.mode)}: its owner needs read, write and search permission (0700 or more)`);
    }
  }
  return problems;
}

/** The one message: the volume, each problem on its own line, then the fix. */
export function formatVolumeProblems(
  dir: string,
  problems: readonly VolumeProblem[],
  ids: VolumeIds,
): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((p) => `  ${p.path}: ${p.problem}`);
  const idFlags =
    ids.uid === DEFAULT_IDS.uid && ids.gid === DEFAULT_IDS.gid ? '' : ` --uid ${ids.uid} --gid ${ids.gid}`;
  const fix = `Fix: run \`modulus volume init${idFlags} ${shellQuote(dir)}\` as root on the host (it creates what is missing and sets owners and modes)`;
  const conf = problems.some((p) => p.entry === 'supervisor.conf')
    ? `, then \`modulus config -o ${shellQuote(join(dir, 'supervisor.conf'))}\`.`
    : '.';
  return `${dir} is not a usable Modulus volume (${count}):\n${lines.join('\n')}\n${fix}${conf}`;
}

export function volumeProblemsError(
  dir: string,
  problems: readonly VolumeProblem[],
  ids: VolumeIds,
): ModulusError {
  return new ModulusError('VOLUME_INVALID', formatVolumeProblems(dir, problems, ids));
}

/** A path as a POSIX shell word, quoted only when it has to be. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
