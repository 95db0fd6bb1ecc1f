// Extracts a Node.js .tar.gz with node-tar (npm's own extractor) on its safe defaults: no absolute
// paths, no `..`, nothing written through a symlink, hard and symbolic link targets checked, a depth
// limit. strict mode turns each of its warnings into a refusal. The gunzip is ours, so the inflated
// size is bounded (a gzip bomb is refused) and node-tar only ever sees one layer of plain tar.
// Extraction is synchronous per chunk: when it refuses, no write is still in flight, so the
// caller's cleanup of the target cannot race with one.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { ModulusError } from '../errors/modulus-error.js';

export interface ExtractOptions {
  /** Leading path components to drop (1 for `node-vX.Y.Z-linux-x64/`). */
  strip?: number;
}

/** Inflated bytes allowed per compressed byte; a Node.js tarball inflates about 3-4x. */
export const MAX_RATIO = 32;
/** Allowance on top of the ratio, so a tiny honest archive is never refused for its ratio. */
export const RATIO_SLACK = 1 << 20;
/** No Node.js distribution comes near this (~200 MB unpacked). */
export const MAX_INFLATED = 2 * 1024 ** 3;

/** The most bytes an archive of `compressed` bytes may inflate to. */
export function inflateLimit(compressed: number): number {
  return Math.min(MAX_INFLATED, RATIO_SLACK + MAX_RATIO * compressed);
}

function invalid(why: string, cause?: unknown): ModulusError {
  return new ModulusError('NODE_ARCHIVE_INVALID', `the Node.js archive is damaged or unsafe: ${why}`, {
    cause,
  });
}

const GZIP_MAGIC = [0x1f, 0x8b];
const FILE_TYPES = new Set<string>(['File', 'OldFile', 'ContiguousFile']);

/** Extracts `archive` (a .tar.gz file) into `root`, which must exist; returns the number of files. */
export async function extractTarGz(
  archive: string,
  root: string,
  options: ExtractOptions = {},
): Promise<number> {
  // Loaded here, not at the top: every other command of the bundle would pay for it at start.
  const { UnpackSync } = await import('tar');
  const limit = inflateLimit((await stat(archive)).size);
  let failure: Error | undefined;
  let files = 0;
  // The first refusal stops the parse, so no later entry of a refused archive is written.
  const refuse = (err: Error): void => {
    if (failure) return;
    failure = err;
    unpack.abort(err);
  };
  const unpack = new UnpackSync({
    cwd: root,
    strip: options.strip ?? 0,
    strict: true,
    preserveOwner: false, // as root, node-tar would chown to the archive's uids
    brotli: false,
    zstd: false,
    filter: (path, entry) => {
      // node-tar would strip the `/` (and --strip would hide that it did): no honest Node.js
      // tarball has one, so it is refused like every other warning.
      if (path.startsWith('/')) {
        refuse(new Error(`"${path}" is an absolute path`));
        return false;
      }
      // No setuid, setgid or sticky bits from a download.
      if (typeof entry.mode === 'number') entry.mode &= 0o777;
      if ('type' in entry && FILE_TYPES.has(entry.type)) files++;
      return true;
    },
  });
  unpack.on('error', refuse);
  const file = createReadStream(archive);
  const gunzip = file.pipe(createGunzip());
  file.on('error', (err) => gunzip.destroy(err));
  let inflated = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (inflated === 0 && GZIP_MAGIC.every((b, i) => chunk[i] === b))
        throw invalid('it is compressed twice');
      inflated += chunk.length;
      if (inflated > limit)
        throw invalid(
          `it inflates past ${limit} bytes (${MAX_RATIO}x its size plus 1 MiB, at most 2 GiB): a gzip bomb?`,
        );
      unpack.write(chunk);
      if (failure) break;
    }
    if (!failure) unpack.end();
  } catch (err) {
    if (err instanceof ModulusError) throw err;
    throw invalid((err as Error).message, err);
  } finally {
    gunzip.destroy();
  }
  if (failure) throw invalid(failure.message, failure);
  return files;
}
