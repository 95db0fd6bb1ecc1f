// supervisord copies every chunk it reads from a child into its main log at DEBG when the log
// level is debug, trace or blather: `'NAME' stdout output:` and the data on the next line. A
// program's data is decoded as UTF-8 (else `Undecodable: b'...'`), after strip_ansi; an event
// listener's stdout (the protocol side) is written as Python's bytes repr, unstripped.
import { AnsiStripper } from '../logs/ansi-stripper.js';
import { decodedOrUndecodable, pyBytesRepr, pyStrRepr } from '../logs/py-repr.js';
import type { MainLog } from './supervisor.js';

export type OutputStream = 'stdout' | 'stderr';

export interface ChildOutput {
  /** The process name (supervisord's config.name, not group:name). */
  readonly name: string;
  readonly stream: OutputStream;
  readonly chunk: Buffer;
  /** The stdout of an event listener. */
  readonly protocol: boolean;
}

/** The main-log message for one chunk, as supervisord words it. */
export function childOutputMessage(output: ChildOutput, stripped: Buffer = output.chunk): string {
  const text = output.protocol ? pyBytesRepr(output.chunk) : decodedOrUndecodable(stripped);
  return `${pyStrRepr(output.name)} ${output.stream} output:\n${text}`;
}

export class MainLogCopy {
  /** One stripper per process and stream, since an escape sequence may span two reads. */
  private readonly strippers = new WeakMap<object, Map<OutputStream, AnsiStripper>>();

  constructor(
    private readonly log: MainLog & { isEnabledFor(level: 'debug'): boolean },
    private readonly stripAnsi: boolean,
  ) {}

  /** `owner` identifies the process across chunks (its runner). */
  output(owner: object, output: ChildOutput): void {
    if (!this.log.isEnabledFor('debug') || output.chunk.length === 0) return;
    const stripped =
      this.stripAnsi && !output.protocol
        ? this.stripper(owner, output.stream).strip(output.chunk)
        : output.chunk;
    if (stripped.length === 0) return;
    this.log.log('debug', childOutputMessage(output, stripped));
  }

  private stripper(owner: object, stream: OutputStream): AnsiStripper {
    let byStream = this.strippers.get(owner);
    if (byStream === undefined) this.strippers.set(owner, (byStream = new Map()));
    let stripper = byStream.get(stream);
    if (stripper === undefined) byStream.set(stream, (stripper = new AnsiStripper()));
    return stripper;
  }
}
