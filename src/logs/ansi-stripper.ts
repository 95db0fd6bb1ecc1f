// strip_ansi: removes terminal escape sequences (ESC [ … terminator) from output before it is
// logged, as supervisord's stripEscapes does, but statefully, so a sequence split across two
// reads from the pipe is still removed whole.

// supervisord's terminators for an ESC [ sequence.
const TERMINATORS = new Set([...'HfABCDRsuJKhlpm'].map((c) => c.charCodeAt(0)));
const ESC = 0x1b;
const BRACKET = 0x5b;

export class AnsiStripper {
  private state: 'text' | 'escape' | 'sequence' = 'text';

  strip(chunk: Buffer): Buffer {
    if (this.state === 'text' && !chunk.includes(ESC)) return chunk;
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (const byte of chunk) {
      if (this.state === 'text') {
        if (byte === ESC) this.state = 'escape';
        else out[n++] = byte;
      } else if (this.state === 'escape') {
        if (byte === BRACKET) this.state = 'sequence';
        else {
          // A lone ESC not starting a sequence is kept, as supervisord keeps it.
          out[n++] = ESC;
          if (byte === ESC) continue;
          out[n++] = byte;
          this.state = 'text';
        }
      } else if (TERMINATORS.has(byte)) this.state = 'text';
    }
    return out.subarray(0, n);
  }
}
