// Streams a log to a `/logtail` or `/mainlogtail` client as supervisord does: 200 with text/plain,
// no Content-Length (so HTTP/1.1 gets chunked encoding, which supervisorctl's tail -f client reads),
// data as it arrives, until the client leaves or the server closes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRpcFault } from './faults.js';
import type { LogTailTarget } from './logtail-path.js';

export interface LogTailStream {
  /** The log file's mtime, sent as Last-Modified. */
  readonly lastModified?: Date;
  /** The last part of the file, then new data as it is written; ends when the log goes away. */
  readonly chunks: AsyncIterable<Uint8Array | string>;
}

/**
 * Opens a tail. Resolves null (or throws RpcFault) when there is no such process or no log file yet:
 * supervisord answers 404 for both, since either can change after a reload. The signal aborts when
 * the client disconnects or the server closes.
 */
export type LogTailHandler = (target: LogTailTarget, signal: AbortSignal) => Promise<LogTailStream | null>;

type Log = (level: 'error' | 'debug', message: string) => void;

/** Streams the tail; returns an HTTP status to send instead when it cannot start. */
export async function streamLogTail(
  req: IncomingMessage,
  res: ServerResponse,
  target: LogTailTarget,
  handler: LogTailHandler,
  tails: Set<AbortController>,
  log: Log,
): Promise<number | undefined> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  tails.add(controller);
  res.once('close', abort);
  try {
    let stream: LogTailStream | null;
    try {
      stream = await handler(target, controller.signal);
    } catch (err) {
      if (isRpcFault(err)) return 404;
      log(
        'error',
        `log tail for ${describe(target)} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      return 500;
    }
    if (stream === null) return 404;
    if (controller.signal.aborted) return undefined;
    const headers: Record<string, string> = {
      'Content-Type': 'text/plain;charset=utf-8',
      // Tells a reverse proxy such as nginx not to buffer the stream.
      'X-Accel-Buffering': 'no',
    };
    if (stream.lastModified !== undefined) headers['Last-Modified'] = stream.lastModified.toUTCString();
    res.writeHead(200, headers);
    res.flushHeaders();
    try {
      for await (const chunk of stream.chunks) {
        if (controller.signal.aborted) break;
        if (chunk.length === 0) continue;
        if (!res.write(chunk)) await drained(res, controller.signal);
      }
    } catch (err) {
      log(
        'error',
        `log tail for ${describe(target)} stopped: ${err instanceof Error ? err.message : String(err)}`,
      );
      res.destroy();
      return undefined;
    }
    res.end();
    return undefined;
  } finally {
    tails.delete(controller);
    res.off('close', abort);
  }
}

function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

function describe(target: LogTailTarget): string {
  return target.kind === 'main' ? 'the main log' : `${target.namespec} ${target.channel}`;
}
