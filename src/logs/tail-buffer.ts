// The last lines of a process's output, bounded in lines and bytes, for notifications that show
// what a program printed before it crashed (by default the last 50 lines within 8 KiB).

const NL = 0x0a;
// Many tiny pushes are merged into one buffer past this many pieces, so reads stay cheap.
const MAX_PIECES = 64;

export interface TailBufferOptions {
  maxLines?: number;
  maxBytes?: number;
}

export class TailBuffer {
  readonly maxLines: number;
  readonly maxBytes: number;
  private pieces: Buffer[] = [];
  private size = 0;
  /** Whether the first byte kept starts a line (false once the bound cut a line in two). */
  private startsLine = true;

  constructor(options: TailBufferOptions = {}) {
    this.maxLines = options.maxLines ?? 50;
    this.maxBytes = options.maxBytes ?? 8192;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0 || this.maxBytes <= 0) return;
    if (chunk.length > this.maxBytes) {
      // Only the chunk's end can survive; copy that alone so a big pipe read is not retained.
      const from = chunk.length - this.maxBytes;
      this.pieces = [Buffer.from(chunk.subarray(from))];
      this.size = this.maxBytes;
      this.startsLine = chunk[from - 1] === NL;
      return;
    }
    this.pieces.push(Buffer.from(chunk));
    this.size += chunk.length;
    this.trim();
    if (this.pieces.length > MAX_PIECES) this.pieces = [Buffer.concat(this.pieces, this.size)];
  }

  /** The kept output from the start of the first whole line within the bounds. */
  bytes(): Buffer {
    const data = Buffer.concat(this.pieces, this.size);
    if (data.length === 0) return data;
    let start = data.length;
    let pos = data[data.length - 1] === NL ? data.length - 2 : data.length - 1;
    for (let count = 0; count < this.maxLines; count++) {
      const nl = pos < 0 ? -1 : data.lastIndexOf(NL, pos);
      if (nl < 0) {
        // The first piece of a line whose start was dropped is shown only when it is all we have.
        if (this.startsLine || count === 0) start = 0;
        break;
      }
      start = nl + 1;
      pos = nl - 1;
    }
    return data.subarray(start);
  }

  text(): string {
    return this.bytes().toString('utf8');
  }

  /** The kept lines without their '\n'; the last one may be unfinished. */
  lines(): string[] {
    const text = this.text();
    if (text === '') return [];
    const lines = text.split('\n');
    if (text.endsWith('\n')) lines.pop();
    return lines;
  }

  clear(): void {
    this.pieces = [];
    this.size = 0;
    this.startsLine = true;
  }

  private trim(): void {
    while (this.size > this.maxBytes) {
      const first = this.pieces[0] as Buffer;
      const excess = this.size - this.maxBytes;
      if (first.length <= excess) {
        this.pieces.shift();
        this.size -= first.length;
        this.startsLine = first[first.length - 1] === NL;
      } else {
        this.pieces[0] = first.subarray(excess);
        this.size -= excess;
        this.startsLine = first[excess - 1] === NL;
      }
    }
  }
}
