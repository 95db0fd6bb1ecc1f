// The `*_logfile_timestamps` extension: prefixes every line with an ISO-8601 UTC timestamp and a
// space, remembering across chunks whether the next byte starts a line.

const NL = 0x0a;

export class LineStamper {
  private atLineStart = true;

  constructor(private readonly clock: () => Date = () => new Date()) {}

  /** The chunk with a timestamp before each line that starts in it; one clock reading per chunk. */
  stamp(chunk: Buffer): Buffer {
    if (chunk.length === 0) return chunk;
    const prefix = Buffer.from(`${this.clock().toISOString()} `, 'latin1');
    // Count the lines first, then copy into one buffer: a list of slices to concat cost twice as much.
    let starts = this.atLineStart ? 1 : 0;
    for (let nl = chunk.indexOf(NL); nl >= 0 && nl < chunk.length - 1; nl = chunk.indexOf(NL, nl + 1))
      starts++;
    const out = Buffer.allocUnsafe(chunk.length + starts * prefix.length);
    let at = this.atLineStart ? prefix.copy(out, 0) : 0;
    let start = 0;
    for (let nl = chunk.indexOf(NL); nl >= 0 && nl < chunk.length - 1; nl = chunk.indexOf(NL, start)) {
      at += chunk.copy(out, at, start, nl + 1);
      at += prefix.copy(out, at);
      start = nl + 1;
    }
    chunk.copy(out, at, start);
    this.atLineStart = chunk[chunk.length - 1] === NL;
    return out;
  }

  /** Whether the next byte stamped starts a new line. */
  get lineStart(): boolean {
    return this.atLineStart;
  }
}
