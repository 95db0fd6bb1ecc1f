// `modulus images build [--base-image NAME] [--node-mirror URL] [--prefix NAME] [--no-cache]`:
// builds <prefix>/run-base and <prefix>/run-node (default modulus/…) with progress.
import { ModulusError } from '../errors/modulus-error.js';
import { buildImages, DEFAULT_BASE_IMAGE, DEFAULT_NODE_MIRROR, DEFAULT_PREFIX } from '../host/images.js';
import { parseFlags } from './flags.js';

const USAGE = `Usage: modulus images build [--base-image NAME] [--node-mirror URL] [--prefix NAME] [--no-cache]

Builds PREFIX/run-base and PREFIX/run-node (default modulus/run-base and modulus/run-node).
  --base-image NAME   the Debian image to build on (default ${DEFAULT_BASE_IMAGE})
  --node-mirror URL   where Node.js is downloaded from and checked against SHASUMS256.txt
                      (default $NODEJS_ORG_MIRROR, else ${DEFAULT_NODE_MIRROR})
  --prefix NAME       the images' repository prefix (default ${DEFAULT_PREFIX})
  --no-cache          rebuild every step
`;

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    [
      { long: 'base-image', value: true },
      { long: 'node-mirror', value: true },
      { long: 'prefix', value: true },
      { long: 'no-cache' },
      { short: 'h', long: 'help' },
    ],
    'images',
  );
  if (flags.has('help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (flags.positional.length !== 1 || flags.positional[0] !== 'build')
    throw new ModulusError('USAGE', `images: expected "build"\n${USAGE}`);
  const prefix = flags.get('prefix') ?? DEFAULT_PREFIX;
  if (!/^[a-z0-9]+([._/-][a-z0-9]+)*$/.test(prefix))
    throw new ModulusError('USAGE', `images: --prefix "${prefix}" is not a valid repository name`);
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
