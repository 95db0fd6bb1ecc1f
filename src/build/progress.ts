// What `modulus build` shows while it works: one line per phase, and npm's own output folded into
// one live line on a terminal (rewritten in place, cut to the terminal's width), or passed on line
// by line, indented, when the output is a file or a pipe, so minutes of install never look like a hang.

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** The last non-blank line of `text`, without escapes or control characters, cut to `width`. */
export function foldLine(text: string, width: number): string {
  const lines = text.replace(ANSI, '').split(/\r\n|\r|\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.replace(CONTROL, '').trim();
    if (line === '') continue;
    const room = Math.max(width, 10);
    return line.length <= room ? line : `${line.slice(0, room - 1)}…`;
  }
  return '';
}

export interface Progress {
  /** A phase begins (or a result worth a line). */
  phase(line: string): void;
  /** A chunk of a tool's output. */
  output(chunk: string): void;
  /** Clears the live line (before other output, and at the end). */
  clear(): void;
}

export interface ProgressTarget {
  write(text: string): void;
  readonly isTTY: boolean;
  readonly columns: number;
}

export function progress(target: ProgressTarget, prefix: string): Progress {
  let live = false;
  let partial = '';
  const clear = (): void => {
    if (live) target.write('\r\x1b[2K');
    live = false;
  };
  return {
    phase(line) {
      clear();
      target.write(`${prefix}${line}\n`);
    },
    output(chunk) {
      if (target.isTTY) {
        const shown = foldLine(chunk, target.columns - prefix.length - 3);
        if (shown === '') return;
        target.write(`\r\x1b[2K${prefix}  ${shown}`);
        live = true;
        return;
      }
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const shown = foldLine(line, 400);
        if (shown !== '') target.write(`${prefix}  ${shown}\n`);
      }
    },
    clear() {
      clear();
      const rest = foldLine(partial, 400);
      partial = '';
      if (rest !== '' && !target.isTTY) target.write(`${prefix}  ${rest}\n`);
    },
  };
}
