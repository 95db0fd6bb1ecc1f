// Where `modulus start` finds the app and keeps Node.js installs, declared once
// (to be folded into the shared volume layout in src/host/).
import { join } from 'node:path';

export interface NodeLayout {
  /** The volume root: `$MODULUS_MNT`, else /mnt. */
  readonly mnt: string;
  readonly appRoot: string;
  readonly home: string;
  /** `$HOME/.modulus/node`: downloaded versions, the cached index and the recorded choice. */
  readonly cacheRoot: string;
  /** Versions the image ships, used as they are. */
  readonly preinstalledRoot: string;
  readonly indexCache: string;
  readonly resolvedRecord: string;
  cachedVersion(version: string): string;
  preinstalledVersion(version: string): string;
  /** A fresh staging directory name inside the cache root (same filesystem, so rename is atomic). */
  staging(tag: string): string;
}

export function nodeLayout(env: NodeJS.ProcessEnv = process.env): NodeLayout {
  const mnt = env.MODULUS_MNT || '/mnt';
  const home = join(mnt, 'home');
  const cacheRoot = join(home, '.modulus', 'node');
  const preinstalledRoot = env.MODULUS_NODE_PREINSTALLED_DIR || '/opt/modulus/node';
  return {
    mnt,
    appRoot: join(mnt, 'app'),
    home,
    cacheRoot,
    preinstalledRoot,
    indexCache: join(cacheRoot, 'index.json'),
    resolvedRecord: join(cacheRoot, 'resolved.json'),
    cachedVersion: (version) => join(cacheRoot, version),
    preinstalledVersion: (version) => join(preinstalledRoot, version),
    staging: (tag) => join(cacheRoot, `.staging-${tag}-${process.pid}-${Date.now().toString(36)}`),
  };
}
