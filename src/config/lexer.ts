// The INI lexer: Python 3 RawConfigParser as supervisord configures it (inline comments after
// whitespace, indented continuation lines, lowercased keys, strict=False), keeping file and line.
import { ModulusError } from '../errors/modulus-error.js';
import type { ConfigWarning, Origin } from './model.js';

export interface RawEntry {
  readonly key: string;
  readonly value: string;
  readonly origin: Origin;
}

export interface RawSection {
  readonly name: string;
  /** Where the section was first opened. */
  readonly origin: Origin;
  readonly entries: Map<string, RawEntry>;
}

/** Sections of every file read so far, merged as one RawConfigParser merges them. */
export interface RawConfig {
  readonly sections: Map<string, RawSection>;
  /** Keys of [DEFAULT], which ConfigParser offers to every section. */
  readonly defaults: Map<string, RawEntry>;
  readonly warnings: ConfigWarning[];
}

export function emptyRawConfig(): RawConfig {
  return { sections: new Map(), defaults: new Map(), warnings: [] };
}

const DEFAULT_SECTION = 'DEFAULT';
const COMMENT_PREFIXES = ['#', ';'];

/** supervisord passes inline_comment_prefixes=(';', '#'): they start a comment only after whitespace. */
function commentStart(line: string): number | undefined {
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if ((ch === ';' || ch === '#') && (i === 0 || /\s/.test(line[i - 1] as string))) return i;
  }
  return undefined;
}

interface Pending {
  entry: { key: string; origin: Origin; lines: string[] };
  target: Map<string, RawEntry>;
  sectionName: string;
}

/** Reads one file's text into config (later files override keys of earlier ones, as read() does). */
export function lexIni(text: string, file: string, config: RawConfig): void {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let current: { name: string; entries: Map<string, RawEntry> } | undefined;
  let pending: Pending | undefined;
  let indentLevel = 0;
  const openedHere = new Set<string>();
  const flush = (): void => {
    if (!pending) return;
    const { entry, target, sectionName } = pending;
    const value = entry.lines.join('\n').trimEnd();
    const previous = target.get(entry.key);
    if (previous) {
      config.warnings.push({
        message: `${at(entry.origin)} [${sectionName}] ${entry.key}: set again; this value replaces the one at ${at(previous.origin)}`,
        origin: entry.origin,
      });
    }
    target.set(entry.key, { key: entry.key, value, origin: entry.origin });
    pending = undefined;
  };

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const origin = { file, line: lineNo };
    const stripped = line.trim();
    const fullComment = COMMENT_PREFIXES.some((p) => stripped.startsWith(p));
    const cut = fullComment ? 0 : commentStart(line);
    const value = line.slice(0, cut).trim();
    if (value === '') {
      // empty_lines_in_values: a blank line (not a comment) belongs to the value being read.
      if (cut === undefined && pending) pending.entry.lines.push('');
      return;
    }
    const indent = /\S/.exec(line)?.index ?? 0;
    if (pending && indent > indentLevel) {
      pending.entry.lines.push(value);
      return;
    }
    indentLevel = indent;
    const header = /^\[(.+)\]/.exec(value);
    if (header) {
      flush();
      const name = header[1] as string;
      if (header[0].length !== value.length) {
        config.warnings.push({
          message: `${at(origin)} text after the section header [${name}] is ignored`,
          origin,
        });
      }
      if (name === DEFAULT_SECTION) {
        current = { name, entries: config.defaults };
      } else {
        let section = config.sections.get(name);
        if (!section) {
          section = { name, origin, entries: new Map() };
          config.sections.set(name, section);
        } else if (openedHere.has(name)) {
          config.warnings.push({
            message: `${at(origin)} [${name}] appears again; its keys are merged into the first one`,
            origin,
          });
        }
        openedHere.add(name);
        current = section;
      }
      return;
    }
    if (!current) {
      throw new ModulusError(
        'CONFIG_SYNTAX',
        `${at(origin)} expected a [section] header before ${JSON.stringify(stripped)}`,
        {
          hint: 'Every key belongs to a section such as [supervisord] or [program:web].',
        },
      );
    }
    const option = /^(.*?)\s*[=:]\s*(.*)$/.exec(value);
    if (!option || option[1] === '') {
      flush();
      throw new ModulusError(
        'CONFIG_SYNTAX',
        `${at(origin)} [${current.name}] expected "key = value", got ${JSON.stringify(stripped)}`,
        { hint: 'Continuation lines must be indented; comments start with ";" or "#" after whitespace.' },
      );
    }
    flush();
    const key = (option[1] as string).trimEnd().toLowerCase();
    pending = {
      entry: { key, origin, lines: [(option[2] as string).trim()] },
      target: current.entries,
      sectionName: current.name,
    };
  });
  flush();
}

export function at(origin: Origin): string {
  return `${origin.file}:${origin.line}`;
}
