// Gets a volume ready for `modulus run`, local or Docker: the layout (volume init, secure), a
// fresh copy of the app with its dependencies, owned by the app's user.
import { chownTree, copyApp, installDependencies, needsInstall, NPM_INSTALL_ARGS } from './app-copy.js';
import { initVolume } from './volume.js';
import { volumePaths, type VolumeIds, type VolumePaths } from './volume-layout.js';

export interface VolumeSetup {
  readonly volume: string;
  readonly appDir: string;
  /** Who the app runs as. */
  readonly ids: VolumeIds;
  readonly log: (line: string) => void;
}

const isRoot = (): boolean => process.getuid?.() === 0;

export async function prepareVolume(setup: VolumeSetup): Promise<VolumePaths> {
  const { volume, appDir, ids, log } = setup;
  const result = initVolume(volume, { uid: ids.uid, gid: ids.gid, layout: 'secure' });
  for (const note of result.notes) log(note);
  const paths = volumePaths(result.dir);
  log(`copying ${appDir} to ${paths.app}`);
  copyApp(appDir, paths.app);
  if (needsInstall(paths.app)) {
    log(`installing its dependencies on this host: npm ${NPM_INSTALL_ARGS.join(' ')} (in ${paths.app})`);
    await installDependencies(paths.app, log);
  }
  if (isRoot() && ids.uid !== 0) chownTree(paths.app, ids.uid, ids.gid);
  return paths;
}
