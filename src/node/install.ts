// Finds an installed Node.js version, or downloads one: hash while streaming, check against the
// mirror's SHASUMS256.txt, extract into a staging dir inside the cache, then rename into place,
// so a half-written version is never visible and concurrent starts cannot corrupt each other.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { errnoCode, ModulusError } from '../errors/modulus-error.js';
import type { NodeLayout } from './layout.js';
import { get, type Fetch, type Mirror } from './mirror.js';
import { digestFor, parseShasums } from './shasums.js';
import { extractTarGz } from './tar-extract.js';

export interface Installed {
  dir: string;
  from: 'image' | 'cache' | 'download';
}

const VERSION_DIR = /^v\d+\.\d+\.\d+$/;

async function hasNode(dir: string): Promise<boolean> {
  try {
    await access(join(dir, 'bin', 'node'), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findInstalled(layout: NodeLayout, version: string): Promise<Installed | undefined> {
  if (await hasNode(layout.preinstalledVersion(version)))
    return { dir: layout.preinstalledVersion(version), from: 'image' };
  if (await hasNode(layout.cachedVersion(version)))
    return { dir: layout.cachedVersion(version), from: 'cache' };
  return undefined;
}

/** Every version on disk, in the image and in the cache. */
export async function listInstalled(layout: NodeLayout): Promise<string[]> {
  const found = new Set<string>();
  for (const root of [layout.preinstalledRoot, layout.cacheRoot]) {
    const names = await readdir(root).catch(() => [] as string[]);
    for (const name of names)
      if (VERSION_DIR.test(name) && (await hasNode(join(root, name)))) found.add(name);
  }
  return [...found];
}

export interface InstallOptions {
  version: string;
  layout: NodeLayout;
  mirror: Mirror;
  fetch: Fetch;
  /** `linux-x64`, `linux-arm64`, … as in the tarball names. */
  platform: string;
  log: (line: string) => void;
}

function cacheError(layout: NodeLayout, err: unknown): ModulusError {
  return new ModulusError(
    'NODE_CACHE_UNWRITABLE',
    `cannot write the Node.js cache ${layout.cacheRoot} (${errnoCode(err) ?? (err as Error).message})`,
    {
      cause: err,
    },
  );
}

async function download(options: InstallOptions, path: string, to: string): Promise<string> {
  const response = await get(options.fetch, options.mirror, path, 10 * 60_000);
  const total = Number(response.headers.get('content-length')) || undefined;
  const mb = (n: number): string => `${(n / 1e6).toFixed(1)} MB`;
  options.log(`downloading ${options.mirror.shown(path)}${total ? ` (${mb(total)})` : ''}`);
  const hash = createHash('sha256');
  const out = createWriteStream(to, { flags: 'wx' });
  const started = Date.now();
  let bytes = 0;
  try {
    for await (const chunk of Readable.fromWeb(
      response.body as import('node:stream/web').ReadableStream<Uint8Array>,
    )) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    out.end();
    await finished(out);
  } catch (err) {
    out.destroy();
    if (errnoCode(err) === 'ENOSPC' || errnoCode(err) === 'EACCES') throw cacheError(options.layout, err);
    throw new ModulusError(
      'NODE_DOWNLOAD_FAILED',
      `the download of ${options.mirror.shown(path)} broke off after ${mb(bytes)}`,
      {
        cause: err,
      },
    );
  }
  options.log(`downloaded ${mb(bytes)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return hash.digest('hex');
}

/** Downloads, verifies and installs `version` into the cache; returns its directory. */
export async function installVersion(options: InstallOptions): Promise<Installed> {
  const { version, layout, mirror, platform, log } = options;
  const file = `node-${version}-${platform}.tar.gz`;
  const staging = layout.staging(version);
  try {
    await mkdir(staging, { recursive: true });
  } catch (err) {
    throw cacheError(layout, err);
  }
  try {
    const sumsPath = `${version}/SHASUMS256.txt`;
    const sums = await (await get(options.fetch, mirror, sumsPath)).text();
    const expected = digestFor(parseShasums(sums, mirror.shown(sumsPath)), file, mirror.shown(sumsPath));
    const archive = join(staging, file);
    const actual = await download(options, `${version}/${file}`, archive);
    if (actual !== expected) {
      throw new ModulusError(
        'NODE_CHECKSUM_MISMATCH',
        `${file} has SHA-256 ${actual}, but SHASUMS256.txt says ${expected}`,
      );
    }
    log(`verified ${file} against SHASUMS256.txt`);
    const tree = join(staging, 'tree');
    await mkdir(tree);
    await extractTarGz(archive, tree, { strip: 1 });
    if (!(await hasNode(tree)))
      throw new ModulusError('NODE_ARCHIVE_INVALID', `${file} has no executable bin/node`);
    const dir = layout.cachedVersion(version);
    try {
      await rename(tree, dir);
      log(`installed Node.js ${version} in ${dir}`);
    } catch (err) {
      // Another start renamed the same version into place first: its copy is as good as ours.
      if (errnoCode(err) !== 'EEXIST' && errnoCode(err) !== 'ENOTEMPTY') throw err;
      log(`Node.js ${version} was installed by another start meanwhile; using it`);
    }
    return { dir, from: 'download' };
  } catch (err) {
    if (err instanceof ModulusError) throw err;
    throw cacheError(layout, err);
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
  }
}
