// The mirror's index.json, cached in the volume with a time-to-live: fresh cache first, then the
// network, then a stale cache when the mirror cannot be reached, then nothing (offline resolution).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { get, type Fetch, type Mirror } from './mirror.js';
import type { IndexEntry } from './resolve.js';

/** One hour: a new release is picked up the same day, and restarts in between need no network. */
export const INDEX_TTL_MS = 60 * 60 * 1000;

export interface IndexResult {
  entries: IndexEntry[] | undefined;
  from: 'cache' | 'network' | 'stale cache' | 'none';
}

interface CacheFile {
  mirror: string;
  fetchedAt: number;
  entries: IndexEntry[];
}

export interface IndexOptions {
  fetch: Fetch;
  mirror: Mirror;
  cacheFile: string;
  now: number;
  ttlMs?: number;
  log: (line: string) => void;
}

export function parseIndex(text: string, source: string): IndexEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new ModulusError('NODE_INDEX_UNAVAILABLE', `${source} is not JSON`, { cause: err });
  }
  if (!Array.isArray(data)) throw new ModulusError('NODE_INDEX_UNAVAILABLE', `${source} is not a JSON array`);
  return data
    .filter(
      (e): e is Record<string, unknown> =>
        typeof e === 'object' && e !== null && typeof e.version === 'string',
    )
    .map((e) => ({
      version: e.version as string,
      date: typeof e.date === 'string' ? e.date : '',
      files: Array.isArray(e.files) ? e.files.filter((f): f is string => typeof f === 'string') : [],
      lts: typeof e.lts === 'string' ? e.lts : false,
    }));
}

async function readCache(file: string, mirror: string): Promise<CacheFile | undefined> {
  try {
    const cache = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    return cache.mirror === mirror && Array.isArray(cache.entries) ? cache : undefined;
  } catch {
    return undefined; // missing or damaged: same as no cache
  }
}

async function writeCache(file: string, cache: CacheFile, log: (line: string) => void): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, JSON.stringify(cache));
    await rename(temp, file);
  } catch (err) {
    log(
      `warning: cannot cache the Node.js index in ${file} (${(err as Error).message}); the next start fetches it again`,
    );
  }
}

export async function loadIndex(options: IndexOptions): Promise<IndexResult> {
  const { fetch, mirror, cacheFile, now, log } = options;
  const key = mirror.shown();
  const cache = await readCache(cacheFile, key);
  if (cache && now - cache.fetchedAt < (options.ttlMs ?? INDEX_TTL_MS) && now >= cache.fetchedAt) {
    return { entries: cache.entries, from: 'cache' };
  }
  try {
    const response = await get(fetch, mirror, 'index.json');
    const entries = parseIndex(await response.text(), mirror.shown('index.json'));
    await writeCache(cacheFile, { mirror: key, fetchedAt: now, entries }, log);
    return { entries, from: 'network' };
  } catch (err) {
    if (!(err instanceof ModulusError)) throw err;
    log(
      `warning: ${err.message}; ${cache ? 'using the cached index' : 'resolving against installed versions only'}`,
    );
    return cache ? { entries: cache.entries, from: 'stale cache' } : { entries: undefined, from: 'none' };
  }
}
