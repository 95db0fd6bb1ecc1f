// Gets a volume ready for `modulus run`, local or Docker: the layout (volume init, secure), and
// everything the app's user must own handed to it before each run (tmp/, home/, app/,
// app-storage/, their contents included, never following a link), so one volume can be used by a
// local run and then by --docker (whose mop is uid 441) or the other way round.
import { join } from 'node:path';
import { chownTree } from './app-copy.js';
import { initVolume } from './volume.js';
import { layoutEntries, volumePaths, type VolumeIds, type VolumePaths } from './volume-layout.js';

export interface VolumeSetup {
  readonly volume: string;
  /** Who the app runs as. */
  readonly ids: VolumeIds;
  readonly log: (line: string) => void;
}

const isRoot = (): boolean => process.getuid?.() === 0;

export function prepareVolume(setup: VolumeSetup): VolumePaths {
  const { volume, ids, log } = setup;
  const result = initVolume(volume, { uid: ids.uid, gid: ids.gid, layout: 'secure' });
  for (const note of result.notes) log(note);
  const paths = volumePaths(result.dir);
  if (isRoot()) {
    let changed = 0;
    for (const entry of layoutEntries('secure'))
      if (entry.owner === 'app' && entry.kind === 'dir')
        changed += chownTree(join(paths.root, entry.path), ids.uid, ids.gid);
    if (changed > 0) log(`gave ${changed} entries in the volume to the app's user (uid ${ids.uid})`);
  }
  return paths;
}
