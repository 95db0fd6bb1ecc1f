// `modulus build APP_DIR (--out DIR | --volume DIR) [--cache DIR]`: the build step every mode
// shares (src/build/build.ts), on its own: in a Dockerfile FROM modulus/run-node, or on a host.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from '../build/build.js';
import { defaultBuildCache, volumeBuildCache } from '../build/build-cache.js';
import { progress } from '../build/progress.js';
import { ModulusError } from '../errors/modulus-error.js';
import { parseFlags, type FlagSpec } from './flags.js';

const FLAGS: readonly FlagSpec[] = [
  { long: 'out', value: true },
  { long: 'volume', value: true },
  { long: 'cache', value: true },
  { short: 'h', long: 'help' },
];

const USAGE = `Usage: modulus build APP_DIR (--out DIR | --volume DIR) [--cache DIR]

Makes APP_DIR runnable, as a buildpack does: copies it to DIR (only what changed), installs its
dependencies with the Node.js it will run on (npm ci with a lockfile, else npm install, with
devDependencies), runs heroku-prebuild, then heroku-postbuild or build, prunes devDependencies
(npm prune --omit=dev) and runs heroku-cleanup. NODE_ENV is production unless set. A second
build with the same lockfile and Node.js installs nothing.

  --out DIR      where the runnable app goes
  --volume DIR   a volume (the /mnt layout): DIR/app, Node.js resolved as start does there,
                 the cache in DIR/home/.cache/modulus/build
  --cache DIR    the build cache (default $MODULUS_BUILD_CACHE, else ~/.cache/modulus/build)

The Node.js version is resolved as \`modulus start\` resolves it, with the volume at $MODULUS_MNT
(default /mnt): in the run-node image, the preinstalled one unless the app asks for another.
`;

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS, 'build');
  if (flags.has('help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [app, ...extra] = flags.positional;
  if (app === undefined || extra.length > 0)
    throw new ModulusError(
      'USAGE',
      `build: expected one APP_DIR${extra[0] ? `, got also "${extra[0]}"` : ''}`,
    );
  const volume = flags.get('volume');
  if ((volume === undefined) === (flags.get('out') === undefined))
    throw new ModulusError('USAGE', 'build: give one of --out DIR and --volume DIR');
  const env = volume ? { ...process.env, MODULUS_MNT: resolve(volume) } : process.env;
  const out = volume ? join(resolve(volume), 'app') : resolve(flags.get('out')!);
  const cache = resolve(
    flags.get('cache') ?? (volume ? volumeBuildCache(resolve(volume)) : defaultBuildCache(env, homedir())),
  );
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, onSignal);
  const target = {
    write: (t: string) => process.stderr.write(t),
    isTTY: process.stderr.isTTY === true,
    columns: process.stderr.columns ?? 100,
  };
  try {
    await build({
      app: resolve(app),
      out,
      cache,
      env,
      progress: progress(target, 'modulus build: '),
      signal: stop.signal,
      fetch: (url, init) => fetch(url, init),
    });
    return 0;
  } finally {
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.off(s, onSignal);
  }
}
