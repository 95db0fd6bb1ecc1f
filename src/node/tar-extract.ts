// A small .tar.gz extractor for Node.js distributions (ustar, pax and GNU long names), so installs
// need no system tar. It refuses entries that would land outside the target, through a symlink,
// or that link outside it; a bad checksum or a truncated stream is an error, never a partial success.
import { createReadStream } from 'node:fs';
import { chmod, link, mkdir, open, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, resolve, sep } from 'node:path';
import { createGunzip } from 'node:zlib';
import { ModulusError } from '../errors/modulus-error.js';

const BLOCK = 512;

export interface ExtractOptions {
  /** Leading path components to drop (1 for `node-vX.Y.Z-linux-x64/`). */
  strip?: number;
}

/** Hands out exact byte counts from an async stream of chunks. */
class ByteReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Up to `max` bytes (at least one), or undefined at the end of the stream. */
  async some(max: number): Promise<Buffer | undefined> {
    if (this.buffered === 0) {
      const next = await this.source.next();
      if (next.done) return undefined;
      this.chunks.push(next.value);
      this.buffered += next.value.length;
    }
    const head = this.chunks[0]!;
    const take = head.subarray(0, Math.min(max, head.length));
    if (take.length === head.length) this.chunks.shift();
    else this.chunks[0] = head.subarray(take.length);
    this.buffered -= take.length;
    return take;
  }

  async exactly(n: number, what: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n) {
      const part = await this.some(n - got);
      if (!part) throw invalid(`the archive ends inside ${what}`);
      parts.push(part);
      got += part.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }
}

function invalid(why: string, cause?: unknown): ModulusError {
  return new ModulusError('NODE_ARCHIVE_INVALID', `the Node.js archive is damaged or unsafe: ${why}`, {
    cause,
  });
}

const text = (b: Buffer, start: number, end: number): string => {
  const field = b.subarray(start, end);
  const nul = field.indexOf(0);
  return field.subarray(0, nul === -1 ? field.length : nul).toString('utf8');
};

function octal(b: Buffer, start: number, end: number): number {
  if (b[start]! & 0x80) {
    // GNU base-256 for sizes over 8 GiB: a big-endian number after the marker bit.
    let n = b[start]! & 0x7f;
    for (let i = start + 1; i < end; i++) n = n * 256 + b[i]!;
    return n;
  }
  const s = text(b, start, end).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

interface Header {
  name: string;
  mode: number;
  size: number;
  type: string;
  linkname: string;
}

function parseHeader(b: Buffer): Header {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : b[i]!;
  if (sum !== octal(b, 148, 156)) throw invalid('a header checksum does not match');
  const ustar = text(b, 257, 263) === 'ustar';
  const prefix = ustar ? text(b, 345, 500) : '';
  const name = text(b, 0, 100);
  return {
    name: prefix ? `${prefix}/${name}` : name,
    mode: octal(b, 100, 108),
    size: octal(b, 124, 136),
    type: String.fromCharCode(b[156]!) || '0',
    linkname: text(b, 157, 257),
  };
}

/** pax records are `<length> <key>=<value>\n`. */
function parsePax(body: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < body.length) {
    const space = body.indexOf(0x20, pos);
    const len = parseInt(body.subarray(pos, space).toString('ascii'), 10);
    if (space === -1 || !(len > 0)) throw invalid('a pax header is malformed');
    const record = body.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += len;
  }
  return out;
}

class Target {
  private readonly links = new Set<string>();
  constructor(
    private readonly root: string,
    private readonly strip: number,
  ) {}

  /** The absolute destination, or undefined for entries stripped away entirely. */
  place(name: string): { abs: string; rel: string } | undefined {
    if (isAbsolute(name) || name.split('/').includes('..'))
      throw invalid(`"${name}" points outside the target`);
    const parts = posix
      .normalize(name)
      .split('/')
      .filter((p) => p !== '' && p !== '.');
    const rel = parts.slice(this.strip).join('/');
    if (rel === '') return undefined;
    const segments = rel.split('/');
    for (let i = 1; i < segments.length; i++) {
      if (this.links.has(segments.slice(0, i).join('/')))
        throw invalid(`"${name}" would be written through a symlink`);
    }
    return { abs: join(this.root, rel), rel };
  }

  inside(abs: string): boolean {
    return abs === this.root || abs.startsWith(this.root + sep);
  }

  noteLink(rel: string): void {
    this.links.add(rel);
  }
}

async function writeFileFrom(reader: ByteReader, abs: string, size: number, mode: number): Promise<void> {
  await mkdir(dirname(abs), { recursive: true });
  const handle = await open(abs, 'wx', mode & 0o777);
  try {
    let left = size;
    while (left > 0) {
      const part = await reader.some(Math.min(left, 1 << 20));
      if (!part) throw invalid(`the archive ends inside ${abs}`);
      await handle.write(part);
      left -= part.length;
    }
  } finally {
    await handle.close();
  }
  await chmod(abs, mode & 0o777);
}

async function extractEntries(reader: ByteReader, target: Target): Promise<number> {
  let files = 0;
  let pending: Record<string, string> = {};
  for (;;) {
    const block = await reader.exactly(BLOCK, 'a header');
    if (block.every((byte) => byte === 0)) return files;
    const h = parseHeader(block);
    const padded = Math.ceil(h.size / BLOCK) * BLOCK;
    if (h.type === 'x' || h.type === 'g' || h.type === 'L' || h.type === 'K') {
      const body = (await reader.exactly(padded, 'an extended header')).subarray(0, h.size);
      if (h.type === 'x') pending = { ...pending, ...parsePax(body) };
      if (h.type === 'L') pending.path = text(body, 0, body.length);
      if (h.type === 'K') pending.linkpath = text(body, 0, body.length);
      continue;
    }
    const name = pending.path ?? h.name;
    const linkname = pending.linkpath ?? h.linkname;
    const size = pending.size !== undefined ? Number(pending.size) : h.size;
    pending = {};
    const dest = target.place(name);
    const dataBlocks = Math.ceil(size / BLOCK) * BLOCK;
    if (dest && (h.type === '0' || h.type === '\0' || h.type === '7')) {
      await writeFileFrom(reader, dest.abs, size, h.mode);
      if (dataBlocks > size) await reader.exactly(dataBlocks - size, 'padding');
      files++;
      continue;
    }
    if (dataBlocks > 0) await reader.exactly(dataBlocks, `the data of ${name}`);
    if (!dest) continue;
    if (h.type === '5') {
      await mkdir(dest.abs, { recursive: true, mode: 0o755 });
    } else if (h.type === '2') {
      const pointsAt = resolve(dirname(dest.abs), linkname);
      if (isAbsolute(linkname) || !target.inside(pointsAt))
        throw invalid(`the symlink "${name}" points outside the target`);
      await mkdir(dirname(dest.abs), { recursive: true });
      await symlink(linkname, dest.abs);
      target.noteLink(dest.rel);
    } else if (h.type === '1') {
      const from = target.place(linkname);
      if (!from) throw invalid(`the hard link "${name}" points outside the target`);
      await mkdir(dirname(dest.abs), { recursive: true });
      await link(from.abs, dest.abs);
    }
    // Devices and FIFOs have no place in a Node.js distribution: skipped.
  }
}

/** Extracts `archive` (a .tar.gz file) into `root`, which must exist; returns the number of files. */
export async function extractTarGz(
  archive: string,
  root: string,
  options: ExtractOptions = {},
): Promise<number> {
  const file = createReadStream(archive);
  const gunzip = file.pipe(createGunzip());
  file.on('error', (err) => gunzip.destroy(err));
  const reader = new ByteReader(gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  try {
    return await extractEntries(reader, new Target(resolve(root), options.strip ?? 0));
  } catch (err) {
    if (err instanceof ModulusError) throw err;
    throw invalid((err as Error).message, err);
  } finally {
    gunzip.destroy();
  }
}
