// Connects a child's stdout or stderr pipe to its log under the writer's backpressure contract:
// stop reading when the log says "no more", read again on 'drain', so nothing is dropped while the
// disk accepts writes (the child blocks on a full pipe instead), and tee each chunk if asked.
import type { Readable } from 'node:stream';
import { onChunks } from '../os/pipe-reader.js';

/**
 * What capture needs of a LogFile; tests may pass their own. A chunk given to write() (or to tee)
 * may be overwritten once the call returns: a sink that keeps bytes copies them.
 */
export interface LogSink {
  write(chunk: Buffer): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

export interface CaptureOptions {
  /** Sees every chunk as read (for events and the main log's copy); a chunk is valid during the call only. */
  tee?: (chunk: Buffer) => void;
}

export interface PipeCapture {
  /** Resolves when the pipe ends, closes or fails (the child exited and its output was all read). */
  readonly done: Promise<void>;
  /** Bytes read from the pipe so far. */
  readonly bytes: number;
  /** True while the pipe is paused waiting for the log to drain. */
  readonly waiting: boolean;
}

/**
 * Reads `source` into `sink` (or nowhere, for a stream logged to NONE) until it ends. It must be the
 * stream's only consumer. Paused mode ('readable' and read()) rather than 'data' and pause(): Node
 * resumes a child's stdout when the child exits unless a 'readable' listener is attached, which would
 * read what is left in the pipe past the writer's high-water mark.
 */
export function capturePipe(
  source: Readable,
  sink: LogSink | null,
  options: CaptureOptions = {},
): PipeCapture {
  let bytes = 0;
  let waiting = false;
  /** Takes one chunk; false when the sink is full (then 'drain' calls `more`). */
  const take = (chunk: Buffer, more: () => void): boolean => {
    bytes += chunk.length;
    options.tee?.(chunk);
    if (sink === null || sink.write(chunk)) return true;
    waiting = true;
    sink.once('drain', () => {
      waiting = false;
      more();
    });
    return false;
  };
  // Our own pipes hand over chunks of a reused buffer (pipe-reader.ts); any other stream is read.
  const direct = onChunks(source, (chunk) => take(chunk, () => source.resume()));
  const pump = (): void => {
    if (waiting) return;
    for (let data: Buffer | string | null; (data = source.read() as Buffer | string | null) !== null;) {
      if (!take(typeof data === 'string' ? Buffer.from(data) : data, pump)) return;
    }
  };
  if (!direct) source.on('readable', pump);
  const done = new Promise<void>((resolve) => {
    source.once('end', resolve);
    source.once('close', resolve);
    // A read error on a child's pipe (EIO when a pty goes away) only ends the capture.
    source.once('error', () => resolve());
  });
  return {
    done,
    get bytes() {
      return bytes;
    },
    get waiting() {
      return waiting;
    },
  };
}
