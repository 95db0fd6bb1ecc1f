// The supervisor's own log in supervisord's format ("2026-11-29 13:20:18,123 INFO spawned: 'web'
// with pid 123"), with its seven levels, written to a rotating LogFile, a stream, and/or memory.
import { LogFile } from './log-file.js';
import { syslogPieces } from './syslog-lines.js';

/** supervisord's levels (loggers.py LevelsByDescription) and their numbers. */
export const LOG_LEVELS = {
  critical: 50,
  error: 40,
  warn: 30,
  info: 20,
  debug: 10,
  trace: 5,
  blather: 3,
} as const;
export type LogLevel = keyof typeof LOG_LEVELS;

/** The four-letter names supervisord writes (CRIT, ERRO, WARN, INFO, DEBG, TRAC, BLAT). */
const TAGS: Readonly<Record<LogLevel, string>> = {
  critical: 'CRIT',
  error: 'ERRO',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBG',
  trace: 'TRAC',
  blather: 'BLAT',
};

export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(LOG_LEVELS, value);
}

export interface LoggerOptions {
  level?: LogLevel;
  /** supervisord's logfile, logfile_maxbytes, logfile_backups. */
  file?: { path: string; maxbytes: number; backups: number };
  /** stderr or stdout when running in the foreground (nodaemon and not silent). */
  stream?: { write(text: string): unknown };
  /** logfile=syslog: each line of each record goes here as one syslog message. */
  syslog?: { send(lines: readonly string[]): void };
  /** Keep formatted lines in memory (tests, and readLog when there is no file); at most this many. */
  memoryLines?: number;
  clock?: () => Date;
}

export class Logger {
  private threshold: number;
  private readonly memory: string[] | null;

  private constructor(
    private level: LogLevel,
    readonly file: LogFile | null,
    private readonly stream: LoggerOptions['stream'] | null,
    private readonly memoryLimit: number,
    private readonly clock: () => Date,
    private readonly syslog: LoggerOptions['syslog'] | null = null,
  ) {
    this.threshold = LOG_LEVELS[level];
    this.memory = memoryLimit > 0 ? [] : null;
  }

  /** Opens the file when one is given (throws LOG_UNSAFE_PATH or LOG_OPEN_FAILED). */
  static create(options: LoggerOptions = {}): Logger {
    const clock = options.clock ?? (() => new Date());
    const file = options.file ? LogFile.open(options.file.path, { ...options.file, clock }) : null;
    return new Logger(
      options.level ?? 'info',
      file,
      options.stream ?? null,
      options.memoryLines ?? 0,
      clock,
      options.syslog ?? null,
    );
  }

  critical(message: string): void {
    this.log('critical', message);
  }
  error(message: string): void {
    this.log('error', message);
  }
  warn(message: string): void {
    this.log('warn', message);
  }
  info(message: string): void {
    this.log('info', message);
  }
  debug(message: string): void {
    this.log('debug', message);
  }
  trace(message: string): void {
    this.log('trace', message);
  }
  blather(message: string): void {
    this.log('blather', message);
  }

  isEnabledFor(level: LogLevel): boolean {
    return LOG_LEVELS[level] >= this.threshold;
  }

  log(level: LogLevel, message: string): void {
    if (!this.isEnabledFor(level)) return;
    const prefix = `${formatAsctime(this.clock())} ${TAGS[level]} `;
    const line = `${prefix}${message}\n`;
    this.syslog?.send(syslogPieces(message).map((piece) => prefix + piece));
    // The supervisor's own log never pauses the supervisor: its writes are small and rare.
    this.file?.write(Buffer.from(line));
    try {
      this.stream?.write(line);
    } catch {
      // A closed stderr (EPIPE) must not take the supervisor down; the file still has the line.
    }
    if (this.memory !== null) {
      this.memory.push(line);
      if (this.memory.length > this.memoryLimit) this.memory.shift();
    }
  }

  getLevel(): LogLevel {
    return this.level;
  }

  setLevel(level: LogLevel): void {
    this.level = level;
    this.threshold = LOG_LEVELS[level];
  }

  /** The lines kept in memory, formatted as written. */
  lines(): readonly string[] {
    return this.memory ?? [];
  }

  /** SIGUSR2. */
  reopen(): void {
    this.file?.reopen();
  }

  /** supervisord's clearLog. */
  clear(): void {
    this.file?.clear();
    this.memory?.splice(0);
  }

  flush(): Promise<void> {
    return this.file?.flush() ?? Promise.resolve();
  }

  close(): Promise<void> {
    return this.file?.close() ?? Promise.resolve();
  }
}

/** supervisord's asctime: local time, "%Y-%m-%d %H:%M:%S" then ",mmm". */
export function formatAsctime(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`
  );
}
