// [include] files=: space-separated globs relative to the including file, each glob's matches read
// in sorted order as supervisord does; no match is a warning, an unreadable match an error.
// Our program_user / program_stopasgroup / program_logdir keys are read here and applied by
// include-policy.ts.
import { join, isAbsolute, dirname, resolve } from 'node:path';
import { errnoCode } from '../errors/modulus-error.js';
import type { Expansions } from './expand.js';
import { INCLUDE_POLICY_KEYS, type IncludePolicy } from './include-policy.js';
import { at, lexIni, type RawConfig } from './lexer.js';
import { SectionReader } from './section-reader.js';
import * as v from './values.js';

/** The file access parsing needs for includes; loadConfig gives the real one, tests a fake. */
export interface ConfigSource {
  /** The text of a file; throws a Node.js errno error (ENOENT, EACCES, EISDIR …) when it cannot. */
  readFile(path: string): string;
  /** Entry names of a directory, or [] when it cannot be listed. */
  readDir(path: string): string[];
  /** Whether something exists at path (a glob without wildcards matches only existing paths). */
  exists(path: string): boolean;
}

const MAGIC = /[*?[]/;

/** Python's fnmatch.translate for one path segment. */
export function segmentRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j++;
      if (j >= pattern.length) re += '\\[';
      else {
        let body = pattern.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        else if (body.startsWith('^')) body = '\\' + body;
        re += `[${body}]`;
        i = j;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`, 's');
  } catch {
    // A reversed range such as [z-a] matches nothing (Python's fnmatch drops empty ranges).
    return /(?!)/;
  }
}

/** Python's glob.glob for an absolute pattern: wildcards skip dot-files unless the segment starts with '.'. */
export function glob(pattern: string, source: Pick<ConfigSource, 'readDir' | 'exists'>): string[] {
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let bases = ['/'];
  for (const segment of segments.slice(1)) {
    const next: string[] = [];
    for (const base of bases) {
      if (!MAGIC.test(segment)) {
        next.push(join(base, segment));
        continue;
      }
      const re = segmentRegExp(segment);
      for (const entry of source.readDir(base)) {
        if (entry.startsWith('.') && !segment.startsWith('.')) continue;
        if (re.test(entry)) next.push(join(base, entry));
      }
    }
    bases = next;
  }
  return bases.filter((p) => source.exists(p));
}

/**
 * Reads the files named by the main file's [include] into raw; returns them in the order read,
 * with the policy the [include] sets for them (its keys are read before any included file is).
 */
export function readIncludes(
  raw: RawConfig,
  mainFile: string,
  names: Expansions,
  source: ConfigSource | undefined,
): IncludePolicy {
  const section = raw.sections.get('include');
  if (!section) {
    return { files: [], programUser: undefined, programStopAsGroup: false, programLogDir: undefined };
  }
  const r = new SectionReader('include', section.origin, section, new Map(), raw.warnings);
  const files = r.string('files', names);
  if (files === undefined)
    throw r.error(undefined, 'needs a files= line listing the files to include', 'CONFIG_MISSING_KEY');
  const filesOrigin = r.originOf('files');
  const programUser = r.string('program_user', names);
  if (programUser === '') throw r.error('program_user', 'expected a user name, got ""');
  const programStopAsGroup = r.get('program_stopasgroup', v.boolean, false, names);
  const programLogDir = r.optional('program_logdir', absoluteDir, names);
  r.warnUnknown(new Set(['files', ...INCLUDE_POLICY_KEYS]));
  const base = dirname(filesOrigin.file);
  const read: string[] = [];
  for (const word of files.split(/\s+/).filter(Boolean)) {
    const pattern = isAbsolute(word) ? resolve(word) : resolve(base, word);
    const matches = source ? glob(pattern, source).sort() : [];
    if (matches.length === 0) r.warn('files', `no file matches ${JSON.stringify(pattern)}`);
    for (const file of matches) {
      let text: string;
      try {
        text = (source as ConfigSource).readFile(file);
      } catch (err) {
        const code = errnoCode(err);
        if (code === 'EISDIR') {
          r.warn('files', `${JSON.stringify(file)} is a directory, skipped`);
          continue;
        }
        throw r.error(
          'files',
          `cannot read included file ${JSON.stringify(file)} (${code ?? (err as Error).message})`,
          'CONFIG_INCLUDE',
          err,
        );
      }
      lexIni(text, file, raw);
      read.push(file);
    }
  }
  for (const entry of raw.sections.get('include')?.entries.values() ?? []) {
    if (entry.origin.file !== mainFile) {
      raw.warnings.push({
        message: `${at(entry.origin)} [include] in an included file is ignored: includes do not nest`,
        origin: entry.origin,
      });
    }
  }
  return { files: read, programUser, programStopAsGroup, programLogDir };
}

/** program_logdir: an absolute path, normalised so that log paths can be compared with it. */
function absoluteDir(value: string): string {
  if (!isAbsolute(value))
    throw new Error(`expected an absolute directory path, got ${JSON.stringify(value)}`);
  return resolve(value);
}
