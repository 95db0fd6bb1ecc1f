// Where `modulus build` keeps its cache when not told (pure): $MODULUS_BUILD_CACHE, else
// $XDG_CACHE_HOME/modulus/build, else $HOME/.cache/modulus/build. A volume keeps its own under
// home/ (in a container, $HOME is /mnt/home), so every mode that uses the volume shares it.
import { join } from 'node:path';

export function defaultBuildCache(env: NodeJS.ProcessEnv, home: string): string {
  if (env.MODULUS_BUILD_CACHE) return env.MODULUS_BUILD_CACHE;
  return join(env.XDG_CACHE_HOME || join(env.HOME || home, '.cache'), 'modulus', 'build');
}

/** The cache of a volume: `<volume>/home/.cache/modulus/build` (/mnt/home/… in the container). */
export function volumeBuildCache(volume: string): string {
  return join(volume, 'home', '.cache', 'modulus', 'build');
}
