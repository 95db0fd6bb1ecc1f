// Our end of a child's output pipe, read into one buffer that every pipe shares. Node's stream path
// gives each read a fresh 64 KiB allocation, freed at the next GC; under a program that logs fast,
// glibc keeps giving that memory back and taking it again, and the supervisor spends its system
// time in page faults (measured: ~8,000-33,000 minor faults per 500 MB, supervisord ~100). With one
// reused buffer a read costs the copy and nothing else. The price is a contract: a chunk is valid
// only until its listener returns, so whoever keeps bytes copies them.
import net from 'node:net';
import type { Readable } from 'node:stream';

/** Sees each chunk while it is valid; returns false to stop reading until the source's resume(). */
export type ChunkListener = (chunk: Buffer) => boolean;

// One pipe holds 64 KiB, so a read never returns more; libuv calls back before the next read.
const SHARED = Buffer.allocUnsafeSlow(64 * 1024);

interface Feed {
  listener: ChunkListener | null;
  /** A chunk read before anyone listened (copied, since the buffer is reused). */
  early: Buffer | null;
}

const feeds = new WeakMap<Readable, Feed>();

/** A stream over the pipe's read end `fd` that delivers chunks to onChunks(), not as 'data'. */
export function sharedBufferReader(fd: number): Readable {
  const feed: Feed = { listener: null, early: null };
  // The constructor takes onread as connect() does, though @types/node declares it for connect() only.
  const options: net.SocketConstructorOpts & net.ConnectOpts = {
    fd,
    readable: true,
    writable: false,
    onread: {
      buffer: SHARED,
      callback: (n: number) => {
        const chunk = SHARED.subarray(0, n);
        if (feed.listener) return feed.listener(chunk);
        // Nobody listens yet: keep this chunk and leave the rest in the pipe until someone does.
        feed.early = feed.early ? Buffer.concat([feed.early, chunk]) : Buffer.from(chunk);
        return false;
      },
    },
  };
  const socket = new net.Socket(options);
  feeds.set(socket, feed);
  return socket;
}

/**
 * Attaches the one listener of a sharedBufferReader() stream and returns true, or returns false
 * for any other stream (read it as a Readable). 'end', 'close' and 'error' come as on any stream.
 */
export function onChunks(source: Readable, listener: ChunkListener): boolean {
  const feed = feeds.get(source);
  if (feed === undefined) return false;
  if (feed.listener) throw new Error('a pipe reader has one listener');
  feed.listener = listener;
  const early = feed.early;
  feed.early = null;
  // It paused itself for the early chunk; the listener resumes it later if it refuses this one.
  if (early !== null && listener(early)) source.resume();
  return true;
}
