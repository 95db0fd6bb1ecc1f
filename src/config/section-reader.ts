// Reads one section's keys: looks a key up (then in [DEFAULT]), expands it with the names its
// section allows plus %(here)s of its own file, converts it, and turns any failure into a
// ModulusError naming file:line, section and key. It also remembers which keys were read.
import { dirname } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import type { ErrorCode } from '../errors/codes.js';
import { expand, type Expansions } from './expand.js';
import { at, type RawEntry, type RawSection } from './lexer.js';
import type { ConfigWarning, Origin } from './model.js';

export class SectionReader {
  private readonly used = new Set<string>();

  constructor(
    readonly name: string,
    readonly origin: Origin,
    private readonly section: RawSection | undefined,
    private readonly defaults: ReadonlyMap<string, RawEntry>,
    private readonly warnings: ConfigWarning[],
  ) {}

  has(key: string): boolean {
    return this.section?.entries.has(key) === true || this.defaults.has(key);
  }

  entry(key: string): RawEntry | undefined {
    this.used.add(key);
    return this.section?.entries.get(key) ?? this.defaults.get(key);
  }

  /** Where a key was set, or the section header when it was not. */
  originOf(key: string): Origin {
    return this.entry(key)?.origin ?? this.origin;
  }

  /** The value as written, not expanded (supervisord's do_expand=False). */
  raw(key: string): string | undefined {
    return this.entry(key)?.value;
  }

  /** Expands a string as if it had been written at key (used for defaults and raw values). */
  expandAt(key: string, value: string, names: Expansions): string {
    const found = this.entry(key);
    const here = dirname(found?.origin.file ?? this.origin.file);
    try {
      return expand(value, { ...names, here });
    } catch (err) {
      throw this.error(
        key,
        `cannot expand ${JSON.stringify(value)}: ${(err as Error).message}`,
        'CONFIG_EXPANSION',
        err,
      );
    }
  }

  /** The expanded value, or undefined when the key is absent. */
  string(key: string, names: Expansions): string | undefined {
    const value = this.raw(key);
    return value === undefined ? undefined : this.expandAt(key, value, names);
  }

  /** The expanded and converted value, or fallback when the key is absent. */
  get<T>(key: string, convert: (value: string) => T, fallback: T, names: Expansions): T {
    const value = this.string(key, names);
    return value === undefined ? fallback : this.convert(key, value, convert);
  }

  /** Like get, but absent keys give undefined. */
  optional<T>(key: string, convert: (value: string) => T, names: Expansions): T | undefined {
    const value = this.string(key, names);
    return value === undefined ? undefined : this.convert(key, value, convert);
  }

  convert<T>(key: string, value: string, convert: (value: string) => T): T {
    try {
      return convert(value);
    } catch (err) {
      throw this.error(key, (err as Error).message, 'CONFIG_VALUE', err);
    }
  }

  /** A located error: `file:line [section] key: message`. */
  error(
    key: string | undefined,
    message: string,
    code: ErrorCode = 'CONFIG_VALUE',
    cause?: unknown,
    hint?: string,
  ): ModulusError {
    const origin = key === undefined ? this.origin : this.originOf(key);
    const subject = key === undefined ? `[${this.name}]` : `[${this.name}] ${key}`;
    return new ModulusError(code, `${at(origin)} ${subject}: ${message}`, { cause, hint });
  }

  warn(key: string | undefined, message: string): void {
    const origin = key === undefined ? this.origin : this.originOf(key);
    const subject = key === undefined ? `[${this.name}]` : `[${this.name}] ${key}`;
    this.warnings.push({ message: `${at(origin)} ${subject}: ${message}`, origin });
  }

  /** Unknown keys are warnings, not errors, so a config written for a newer supervisord still loads. */
  warnUnknown(known: ReadonlySet<string>): void {
    for (const [key, entry] of this.section?.entries ?? []) {
      if (!known.has(key)) {
        this.warnings.push({
          message: `${at(entry.origin)} [${this.name}] ${key}: unknown key, ignored`,
          origin: entry.origin,
        });
      }
    }
  }
}
