// The listener's side of the event listener protocol as a pure incremental parser: feed it what the
// listener writes to stdout and it reports READY, RESULT bodies and protocol violations, following
// supervisord's PEventListenerDispatcher.handle_listener_state_change state by state.

/** supervisord's EventListenerStates. A listener starts ACKNOWLEDGED (busy until it says READY). */
export type ListenerState = 'READY' | 'BUSY' | 'ACKNOWLEDGED' | 'UNKNOWN';

export const LISTENER_STATE_CODES: Readonly<Record<ListenerState, number>> = {
  READY: 10,
  BUSY: 20,
  ACKNOWLEDGED: 30,
  UNKNOWN: 40,
};

export type ProtocolOutcome =
  /** ACKNOWLEDGED → READY: send it an event when there is one. */
  | { readonly kind: 'ready' }
  /** BUSY → ACKNOWLEDGED. `accepted` false means the event is rejected and goes back to the buffer. */
  | { readonly kind: 'result'; readonly body: Uint8Array; readonly accepted: boolean }
  /**
   * → UNKNOWN: the listener broke the protocol and gets no more events. `rejectEvent` says whether the
   * event it held goes back to the buffer (a bad RESULT line; supervisord drops nothing else).
   */
  | { readonly kind: 'protocol-error'; readonly reason: string; readonly rejectEvent: boolean };

/** Decides whether a RESULT body means the event was handled; supervisord's default_handler wants `OK`. */
export type ResultHandler = (body: Uint8Array) => boolean;

export const defaultResultHandler: ResultHandler = (body) =>
  body.length === 2 && body[0] === 0x4f && body[1] === 0x4b;

const READY_TOKEN = Buffer.from('READY\n');
const RESULT_TOKEN_LENGTH = 'RESULT '.length;

export class ListenerProtocol {
  private stateValue: ListenerState = 'ACKNOWLEDGED';
  private buffer: Buffer = Buffer.alloc(0);
  private resultLength: number | null = null;
  private result: Buffer = Buffer.alloc(0);

  constructor(private readonly resultHandler: ResultHandler = defaultResultHandler) {}

  get state(): ListenerState {
    return this.stateValue;
  }

  /** The supervisor wrote an event to the listener's stdin: READY → BUSY. */
  eventSent(): void {
    if (this.stateValue !== 'READY') throw new Error(`event sent to a listener in state ${this.stateValue}`);
    this.stateValue = 'BUSY';
  }

  /** Consumes stdout data and reports each state change it causes, in order. */
  feed(data: Uint8Array): ProtocolOutcome[] {
    const outcomes: ProtocolOutcome[] = [];
    if (data.length === 0) return outcomes;
    this.buffer = this.buffer.length === 0 ? Buffer.from(data) : Buffer.concat([this.buffer, data]);
    while (this.buffer.length > 0 || (this.stateValue === 'BUSY' && this.resultLength === 0)) {
      const before = this.buffer.length;
      const outcome = this.step();
      if (outcome !== null) outcomes.push(outcome);
      if (outcome === null && this.buffer.length === before) break;
    }
    return outcomes;
  }

  private step(): ProtocolOutcome | null {
    switch (this.stateValue) {
      case 'UNKNOWN':
        this.buffer = Buffer.alloc(0);
        return null;
      case 'ACKNOWLEDGED':
        if (this.buffer.length < READY_TOKEN.length) return null;
        if (this.buffer.subarray(0, READY_TOKEN.length).equals(READY_TOKEN)) {
          this.buffer = this.buffer.subarray(READY_TOKEN.length);
          this.stateValue = 'READY';
          return { kind: 'ready' };
        }
        return this.toUnknown('expected READY', false);
      case 'READY':
        // The listener spoke before being sent anything: supervisord is strict about it.
        return this.toUnknown('output while waiting for an event', false);
      case 'BUSY':
        return this.resultLength === null ? this.resultLine() : this.resultBody();
    }
  }

  private resultLine(): ProtocolOutcome | null {
    const newline = this.buffer.indexOf(0x0a);
    if (newline < 0) return null;
    const line = this.buffer.subarray(0, newline);
    this.buffer = this.buffer.subarray(newline + 1);
    // Like supervisord, only what follows the first 7 bytes is read, as a Python int would read it.
    const length = parsePythonInt(line.subarray(RESULT_TOKEN_LENGTH).toString('latin1'));
    if (length === null) return this.toUnknown(`bad result line: '${line.toString('utf8')}'`, true);
    this.resultLength = length;
    this.result = Buffer.alloc(0);
    return null;
  }

  private resultBody(): ProtocolOutcome | null {
    const needed = (this.resultLength ?? 0) - this.result.length;
    if (needed > 0) {
      this.result = Buffer.concat([this.result, this.buffer.subarray(0, needed)]);
      this.buffer = this.buffer.subarray(needed);
    }
    if (this.result.length < (this.resultLength ?? 0)) return null;
    const body = new Uint8Array(this.result);
    this.resultLength = null;
    this.result = Buffer.alloc(0);
    this.stateValue = 'ACKNOWLEDGED';
    return { kind: 'result', body, accepted: this.resultHandler(body) };
  }

  private toUnknown(reason: string, rejectEvent: boolean): ProtocolOutcome {
    this.stateValue = 'UNKNOWN';
    this.buffer = Buffer.alloc(0);
    this.resultLength = null;
    return { kind: 'protocol-error', reason, rejectEvent };
  }
}

/** int() of a str: surrounding whitespace, a sign, digits with single underscores between. */
function parsePythonInt(text: string): number | null {
  const m = /^[ \t\n\r\f\v]*([+-]?)([0-9](?:_?[0-9])*)[ \t\n\r\f\v]*$/.exec(text);
  if (m === null) return null;
  const value = Number(`${m[1]}${(m[2] ?? '').replace(/_/g, '')}`);
  // A negative length makes supervisord misbehave; treating it as garbage is the safe reading.
  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}
