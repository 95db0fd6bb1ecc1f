// The controller's real terminal: stdout and stderr as they are, and lines from stdin through
// node:readline (opened only when a command or the shell first asks for one), with Ctrl-C
// delivered to whoever is waiting: a pending prompt, a `tail -f`, or else the default action.
import { createInterface, type AsyncCompleter, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import type { CtlIo } from './controller.js';

export interface TerminalOptions {
  readonly input?: NodeJS.ReadableStream & { isTTY?: boolean };
  readonly output?: NodeJS.WriteStream;
  readonly errorOutput?: NodeJS.WritableStream;
  readonly completer?: AsyncCompleter;
  /** Earlier lines, oldest first (from the history file). */
  readonly history?: readonly string[];
  /** What Ctrl-C does when nothing is waiting for it; without it, the process dies of SIGINT. */
  readonly onInterrupt?: () => void;
}

export interface Terminal extends CtlIo {
  /** The line history, oldest first, for the history file. */
  history(): string[];
  close(): void;
}

const HISTORY_SIZE = 1000;

export function createTerminal(options: TerminalOptions = {}): Terminal {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const errorOutput = options.errorOutput ?? process.stderr;
  const isTTY = input.isTTY === true && output.isTTY === true;
  let rl: Interface | undefined;
  let muted = false;
  let closed = false;
  let history = [...(options.history ?? [])].reverse();
  const queued: string[] = [];
  let waiting: ((line: string | null) => void) | undefined;
  const handlers: (() => void)[] = [];

  const deliver = (line: string | null): void => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.(line);
  };
  const interrupt = (): void => {
    if (waiting) return deliver(null);
    const handler = handlers[handlers.length - 1] ?? options.onInterrupt;
    if (handler) return handler();
    process.off('SIGINT', interrupt);
    process.kill(process.pid, 'SIGINT');
  };
  // A SIGINT listener replaces Node's default (death), so it is held only while it has a use.
  const listen = (): void => {
    if (rl === undefined || !isTTY) process.on('SIGINT', interrupt);
  };
  const unlisten = (): void => {
    process.off('SIGINT', interrupt);
  };

  // Echo off for passwords: readline writes through this, which drops output while muted.
  const echo = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) output.write(chunk);
      callback();
    },
  });
  Object.defineProperty(echo, 'columns', { get: () => output.columns ?? 80 });

  const open = (): Interface => {
    if (rl) return rl;
    rl = createInterface({
      input,
      output: echo as unknown as NodeJS.WritableStream,
      terminal: isTTY,
      completer: options.completer,
      history,
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: false,
    });
    rl.on('history', (h: string[]) => (history = [...h]));
    rl.on('line', (line: string) => (waiting ? deliver(line) : queued.push(line)));
    rl.on('close', () => {
      closed = true;
      deliver(null);
    });
    rl.on('SIGINT', interrupt);
    return rl;
  };

  return {
    write: (text) => void output.write(text),
    writeError: (text) => void errorOutput.write(text),
    async readLine(prompt, { secret = false } = {}) {
      const r = open();
      // The prompt shows even when input has ended, as Python's input() shows it before EOF.
      if (closed || secret) output.write(prompt);
      if (!closed) {
        r.setPrompt(secret ? '' : prompt);
        r.prompt();
      }
      if (queued.length > 0) return queued.shift()!;
      if (closed) return null;
      muted = secret && isTTY;
      listen();
      try {
        return await new Promise<string | null>((resolve) => (waiting = resolve));
      } finally {
        unlisten();
        if (muted) output.write('\n');
        muted = false;
      }
    },
    onInterrupt(handler) {
      handlers.push(handler);
      process.on('SIGINT', interrupt);
      return () => {
        handlers.splice(handlers.lastIndexOf(handler), 1);
        process.off('SIGINT', interrupt);
      };
    },
    history: () => [...history].reverse(),
    close() {
      rl?.close();
      unlisten();
    },
  };
}
