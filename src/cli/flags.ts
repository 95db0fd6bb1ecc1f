// A small getopt for the supervisord-style commands: `-c FILE`, `-cFILE`, `--configuration=FILE`,
// `--configuration FILE`, bundled short flags (`-nk`), and `--` ending the options.
import { ModulusError } from '../errors/modulus-error.js';

export interface FlagSpec {
  readonly short?: string;
  readonly long: string;
  /** Takes a value. */
  readonly value?: boolean;
}

export class Flags {
  readonly values = new Map<string, string[]>();
  readonly positional: string[] = [];
  has(long: string): boolean {
    return this.values.has(long);
  }
  get(long: string): string | undefined {
    const all = this.values.get(long);
    return all?.[all.length - 1];
  }
  all(long: string): string[] {
    return this.values.get(long) ?? [];
  }
  add(long: string, value: string): void {
    this.values.set(long, [...this.all(long), value]);
  }
}

/**
 * Parses argv against the specs. With `stopAtPositional`, the first non-option word and
 * everything after it are positional (supervisorctl's `-c FILE status all`).
 */
export function parseFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  command: string,
  stopAtPositional = false,
): Flags {
  const flags = new Flags();
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const byLong = new Map(specs.map((s) => [s.long, s]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      flags.positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name, inline] = splitOnce(arg.slice(2), '=');
      const spec = byLong.get(name);
      if (!spec) throw new ModulusError('USAGE', `${command}: unknown option --${name}`);
      if (spec.value) {
        const value = inline ?? argv[++i];
        if (value === undefined)
          throw new ModulusError('USAGE', `${command}: option --${name} needs a value`);
        flags.add(spec.long, value);
      } else flags.add(spec.long, 'true');
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const spec = byShort.get(arg[j]!);
        if (!spec) throw new ModulusError('USAGE', `${command}: unknown option -${arg[j]}`);
        if (spec.value) {
          const value = j + 1 < arg.length ? arg.slice(j + 1) : argv[++i];
          if (value === undefined)
            throw new ModulusError('USAGE', `${command}: option -${arg[j]} needs a value`);
          flags.add(spec.long, value);
          break;
        }
        flags.add(spec.long, 'true');
      }
    } else if (stopAtPositional) {
      flags.positional.push(...argv.slice(i));
      break;
    } else flags.positional.push(arg);
  }
  return flags;
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const at = s.indexOf(sep);
  return at < 0 ? [s, undefined] : [s.slice(0, at), s.slice(at + 1)];
}
