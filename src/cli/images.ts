// `modulus images build [--base-image NAME] [--node-mirror URL] [--prefix NAME] [--no-cache]`:
// builds <prefix>/run-base, <prefix>/run-node and the build image <prefix>/build-node (default
// modulus/…) with progress.
// `modulus images build-app APP_DIR [--prefix NAME] [--name N] [--tag REF]`: the app's own image
// FROM <prefix>/run-node, the one `modulus k8s` names.
import { ModulusError } from '../errors/modulus-error.js';
import { buildImages, DEFAULT_BASE_IMAGE, DEFAULT_NODE_MIRROR, DEFAULT_PREFIX } from '../host/images.js';
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { APP_IMAGE_DIR, buildAppImage } from '../host/app-image.js';
import { checkRunName } from '../host/workspace.js';
import { parseFlags, type Flags } from './flags.js';

const USAGE = `Usage: modulus images build [--base-image NAME] [--node-mirror URL] [--prefix NAME] [--no-cache]
       modulus images build-app APP_DIR [--prefix NAME] [--name N] [--tag REF]

Builds PREFIX/run-base, PREFIX/run-node and PREFIX/build-node (default modulus/…): run-node runs
apps; build-node (run-node plus python3, make, g++ and Node.js headers) builds them.
  --base-image NAME   the Debian image to build on (default ${DEFAULT_BASE_IMAGE})
  --node-mirror URL   where Node.js is downloaded from and checked against SHASUMS256.txt
                      (default $NODEJS_ORG_MIRROR, else ${DEFAULT_NODE_MIRROR})
  --prefix NAME       the images' repository prefix (default ${DEFAULT_PREFIX})
  --no-cache          rebuild every step

build-app builds the app in APP_DIR (in PREFIX/build-node, built when missing) into
PREFIX/app-NAME:latest (or --tag REF), FROM PREFIX/run-node, with the app read-only in
${APP_IMAGE_DIR}: the image \`modulus k8s\` names.
  --name N            the app's name (default: APP_DIR's name, as modulus run and k8s take it)
  --tag REF           the image reference to tag instead
`;

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    [
      { long: 'base-image', value: true },
      { long: 'node-mirror', value: true },
      { long: 'prefix', value: true },
      { long: 'no-cache' },
      { long: 'name', value: true },
      { long: 'tag', value: true },
      { short: 'h', long: 'help' },
    ],
    'images',
  );
  if (flags.has('help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [sub, ...rest] = flags.positional;
  if (sub === 'build-app') return buildApp(flags, rest);
  if (sub !== 'build' || rest.length > 0)
    throw new ModulusError('USAGE', `images: expected "build" or "build-app"\n${USAGE}`);
  for (const only of ['name', 'tag'])
    if (flags.has(only)) throw new ModulusError('USAGE', `images: --${only} only applies to build-app`);
  const prefix = checkPrefix(flags.get('prefix') ?? DEFAULT_PREFIX);
  const started = Date.now();
  const built = await buildImages({
    baseImage: flags.get('base-image') ?? DEFAULT_BASE_IMAGE,
    nodeMirror: flags.get('node-mirror') ?? (process.env.NODEJS_ORG_MIRROR || DEFAULT_NODE_MIRROR),
    prefix,
    noCache: flags.has('no-cache'),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(
    `done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${built.map((b) => b.tag).join(', ')}\n`,
  );
  return 0;
}

function checkPrefix(prefix: string): string {
  if (!/^[a-z0-9]+([._/-][a-z0-9]+)*$/.test(prefix))
    throw new ModulusError('USAGE', `images: --prefix "${prefix}" is not a valid repository name`);
  return prefix;
}

async function buildApp(flags: Flags, positional: readonly string[]): Promise<number> {
  for (const only of ['base-image', 'node-mirror', 'no-cache'])
    if (flags.has(only)) throw new ModulusError('USAGE', `images: --${only} does not apply to build-app`);
  if (positional.length !== 1)
    throw new ModulusError('USAGE', `images: build-app expects one APP_DIR\n${USAGE}`);
  const appDir = resolve(positional[0]!);
  if (!statSync(appDir, { throwIfNoEntry: false })?.isDirectory())
    throw new ModulusError('RUN_APP_DIR', `${appDir} is not a directory`);
  const started = Date.now();
  const tag = await buildAppImage({
    appDir,
    name: checkRunName(flags.get('name') ?? basename(appDir), flags.has('name')),
    prefix: checkPrefix(flags.get('prefix') ?? DEFAULT_PREFIX),
    tag: flags.get('tag'),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${tag}\n`);
  return 0;
}
