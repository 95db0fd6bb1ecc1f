// supervisord's capture mode (stdout_capture_maxbytes > 0): output between
// <!--XSUPERVISOR:BEGIN--> and <!--XSUPERVISOR:END--> is taken out of the log and sent as one
// PROCESS_COMMUNICATION event. A pure incremental splitter: tokens may arrive split across reads.

const BEGIN = Buffer.from('<!--XSUPERVISOR:BEGIN-->');
const END = Buffer.from('<!--XSUPERVISOR:END-->');

export interface CaptureResult {
  /** Bytes that go to the log as usual. */
  readonly log: Buffer;
  /** Each complete captured message, without its tokens. */
  readonly messages: Buffer[];
  /** Captured bytes beyond maxbytes, dropped (counted, unlike supervisord's silent truncation). */
  readonly dropped: number;
}

export class CaptureMode {
  private capturing = false;
  private pending: Buffer = Buffer.alloc(0);
  private captured: Buffer[] = [];
  private capturedBytes = 0;

  constructor(private readonly maxbytes: number) {}

  feed(chunk: Buffer): CaptureResult {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    const log: Buffer[] = [];
    const messages: Buffer[] = [];
    let dropped = 0;
    for (;;) {
      const token = this.capturing ? END : BEGIN;
      const at = data.indexOf(token);
      if (at < 0) {
        // Keep a tail that could be the start of a token split across reads.
        const keep = partialTokenTail(data, token);
        const body = data.subarray(0, data.length - keep);
        this.pending = Buffer.from(data.subarray(data.length - keep));
        if (this.capturing) dropped += this.capture(body);
        else log.push(body);
        break;
      }
      const before = data.subarray(0, at);
      if (this.capturing) {
        dropped += this.capture(before);
        messages.push(Buffer.concat(this.captured));
        this.captured = [];
        this.capturedBytes = 0;
      } else log.push(before);
      this.capturing = !this.capturing;
      data = data.subarray(at + token.length);
    }
    return { log: Buffer.concat(log), messages, dropped };
  }

  private capture(body: Buffer): number {
    const room = Math.max(0, this.maxbytes - this.capturedBytes);
    const kept = body.subarray(0, room);
    if (kept.length) {
      this.captured.push(Buffer.from(kept));
      this.capturedBytes += kept.length;
    }
    return body.length - kept.length;
  }
}

/** The length of the longest suffix of `data` that is a proper prefix of `token`. */
function partialTokenTail(data: Buffer, token: Buffer): number {
  for (let n = Math.min(token.length - 1, data.length); n > 0; n--) {
    if (data.subarray(data.length - n).equals(token.subarray(0, n))) return n;
  }
  return 0;
}
