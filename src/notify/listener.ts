// The listener's half of supervisord's event-listener protocol: say READY, read a header line and a
// payload of `len` characters (however the pipe splits them), handle it, answer RESULT 2\nOK.
import { ModulusError } from '../errors/modulus-error.js';
import { parseTokens } from './notify-event.js';

export interface ListenerEvent {
  readonly headers: ReadonlyMap<string, string>;
  readonly name: string;
  readonly payload: string;
}

export const READY = 'READY\n';
export const RESULT_OK = 'RESULT 2\nOK';

/** Cuts the stream from supervisord into events; bytes may arrive in any pieces. */
export class EventReader {
  private buffer = Buffer.alloc(0);
  private header: Map<string, string> | null = null;
  private length = 0;

  feed(chunk: Uint8Array): ListenerEvent[] {
    this.buffer = this.buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffer, chunk]);
    const events: ListenerEvent[] = [];
    for (;;) {
      if (this.header === null) {
        const nl = this.buffer.indexOf(0x0a);
        if (nl < 0) break;
        const line = this.buffer.subarray(0, nl).toString('utf8');
        this.buffer = this.buffer.subarray(nl + 1);
        const header = parseTokens(line);
        const len = header.get('len');
        if (len === undefined || !/^\d+$/.test(len) || !header.has('eventname')) {
          throw new ModulusError(
            'NOTIFY_PROTOCOL',
            `bad event header from the supervisor: ${JSON.stringify(line)}`,
          );
        }
        this.header = header;
        this.length = Number(len);
      }
      // len counts characters (supervisord takes len() of a str), so the payload's byte size depends on it.
      const end = charactersEnd(this.buffer, this.length);
      if (end < 0) break;
      const payload = this.buffer.subarray(0, end).toString('utf8');
      this.buffer = this.buffer.subarray(end);
      events.push({ headers: this.header, name: this.header.get('eventname')!, payload });
      this.header = null;
    }
    return events;
  }
}

/** The byte offset just past `count` UTF-8 characters, or -1 when the buffer does not hold them all yet. */
export function charactersEnd(buffer: Uint8Array, count: number): number {
  let pos = 0;
  for (let n = 0; n < count; n++) {
    if (pos >= buffer.length) return -1;
    const b = buffer[pos]!;
    pos += b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  }
  return pos <= buffer.length ? pos : -1;
}

export interface ListenerIo {
  readonly input: NodeJS.ReadableStream;
  write(text: string): void;
}

/**
 * Runs until stdin ends. Every event is acknowledged OK, even when handling it failed: a FAIL would
 * make supervisord send the same event again and again. Handling errors go to `onError`.
 */
export async function runListener(
  io: ListenerIo,
  handle: (event: ListenerEvent) => Promise<void>,
  onError: (err: unknown) => void,
): Promise<void> {
  const reader = new EventReader();
  io.write(READY);
  for await (const chunk of io.input) {
    const data = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    for (const event of reader.feed(data)) {
      try {
        await handle(event);
      } catch (err) {
        onError(err);
      }
      io.write(RESULT_OK);
      io.write(READY);
    }
  }
}
