// Our [include] extension keys. program_user makes every file the [include] reads *restricted*: it
// may only add programs, groups and event listeners of its own, and they run as that user (the run
// images include the app's /mnt/supervisor.conf this way, so it cannot touch supervisord itself).
// program_stopasgroup makes stopasgroup (and so killasgroup) default to true in included programs.
// program_logdir keeps the log files of included programs (which root opens) in one directory.
// Pure: it works on the merged RawConfig before any section is read, then on the built groups.
import { dirname, resolve } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { at, type RawConfig, type RawSection } from './lexer.js';
import type { GroupConfig, Origin } from './model.js';
import * as v from './values.js';

export interface IncludePolicy {
  /** Every file read through [include], in the order read. */
  readonly files: readonly string[];
  /** program_user (expanded): when set, the files are restricted and their programs run as this user. */
  readonly programUser: string | undefined;
  /** program_stopasgroup: stopasgroup (so killasgroup too) defaults to true in included programs. */
  readonly programStopAsGroup: boolean;
  /** program_logdir (expanded, absolute, normalised): the only place included programs' log files may be. */
  readonly programLogDir: string | undefined;
}

export const INCLUDE_POLICY_KEYS: readonly string[] = [
  'program_user',
  'program_stopasgroup',
  'program_logdir',
];

const OWN_PREFIXES = ['program:', 'group:', 'eventlistener:'];
const PROCESS_PREFIXES = ['program:', 'eventlistener:'];

interface Violation {
  origin: Origin;
  subject: string;
  message: string;
  hint: string;
}

const isProcessSection = (name: string) => PROCESS_PREFIXES.some((p) => name.startsWith(p));

/** Refuses what a restricted file may not do, then fills in user= and the stop-as-group defaults. */
export function applyIncludePolicy(raw: RawConfig, policy: IncludePolicy): void {
  const included = new Set(policy.files);
  if (policy.programUser !== undefined) checkRestricted(raw, included, policy.programUser);
  for (const section of raw.sections.values()) {
    if (!included.has(section.origin.file) || !isProcessSection(section.name)) continue;
    if (policy.programUser !== undefined) setDefault(section, 'user', policy.programUser);
    // Only stopasgroup's default changes: killasgroup follows it as in supervisord, so an explicit
    // stopasgroup=false means neither, and an explicit killasgroup=false (which stopasgroup=true
    // would contradict) keeps both false.
    if (policy.programStopAsGroup && !saysFalse(section, 'killasgroup'))
      setDefault(section, 'stopasgroup', 'true');
  }
}

function saysFalse(section: RawSection, key: string): boolean {
  const value = section.entries.get(key)?.value;
  try {
    return value !== undefined && !v.boolean(value);
  } catch {
    return false; // not a boolean as written (an expansion, or a mistake program.ts reports)
  }
}

/** A key the section itself does not set (a [DEFAULT] value does not count), written at its header. */
function setDefault(section: RawSection, key: string, value: string): void {
  if (section.entries.has(key)) return;
  // The value is expanded again when the section is read, so a literal % must be doubled.
  section.entries.set(key, { key, value: value.replace(/%/g, '%%'), origin: section.origin });
}

function ownSectionsHint(file: string): string {
  return (
    `${file} is included with program_user, so it may only define programs, groups and event ` +
    'listeners of its own ([program:x], [group:x], [eventlistener:x]).'
  );
}

function checkRestricted(raw: RawConfig, included: ReadonlySet<string>, user: string): void {
  const found: Violation[] = [];
  for (const section of raw.sections.values()) {
    const file = section.origin.file;
    if (!included.has(file)) {
      for (const entry of section.entries.values()) {
        if (!included.has(entry.origin.file)) continue;
        found.push({
          origin: entry.origin,
          subject: `[${section.name}] ${entry.key}`,
          message: `[${section.name}] is defined by ${file}; ${entry.origin.file} may not change it`,
          hint: ownSectionsHint(entry.origin.file),
        });
      }
    } else if (!OWN_PREFIXES.some((p) => section.name.startsWith(p))) {
      found.push({
        origin: section.origin,
        subject: `[${section.name}]`,
        message: `not allowed in ${file}`,
        hint: ownSectionsHint(file),
      });
    } else if (isProcessSection(section.name)) {
      const entry = section.entries.get('user');
      // Compared as written: user=%(ENV_X)s is refused even where it would expand to the user.
      if (entry && entry.value !== user) {
        found.push({
          origin: entry.origin,
          subject: `[${section.name}] user`,
          message: `programs from ${entry.origin.file} run as ${JSON.stringify(user)}; ${JSON.stringify(entry.value)} is not allowed`,
          hint: `Remove the user= line: programs from ${entry.origin.file} always run as ${JSON.stringify(user)}.`,
        });
      }
    }
  }
  for (const entry of raw.defaults.values()) {
    if (!included.has(entry.origin.file)) continue;
    found.push({
      origin: entry.origin,
      subject: `[DEFAULT] ${entry.key}`,
      message: `${entry.origin.file} may not set defaults for other sections`,
      hint: ownSectionsHint(entry.origin.file),
    });
  }
  throwFirst(found, [...included]);
}

/**
 * A [group:x] of a restricted file may only gather that kind of file's programs: taking in one of the
 * main file's would rename it and put it under the app's control. Checked on the built groups, so
 * programs= is compared after expansion, exactly as the groups were made.
 */
export function checkRestrictedGroups(
  raw: RawConfig,
  groups: readonly GroupConfig[],
  policy: IncludePolicy,
): void {
  if (policy.programUser === undefined) return;
  const included = new Set(policy.files);
  const found: Violation[] = [];
  for (const group of groups) {
    const section = raw.sections.get(`group:${group.name}`);
    if (group.kind !== 'process' || !section || !included.has(section.origin.file)) continue;
    const foreign = group.processes.find((p) => !included.has(p.origin.file));
    if (!foreign) continue;
    found.push({
      origin: section.entries.get('programs')?.origin ?? section.origin,
      subject: `[${section.name}] programs`,
      message: `takes in [${foreign.section}], which is defined by ${foreign.origin.file}; ${section.origin.file} may not change it`,
      hint: ownSectionsHint(section.origin.file),
    });
  }
  throwFirst(found, [...included]);
}

/**
 * program_logdir: the supervisor opens child log files as root, so a file the app can rewrite must
 * not choose them (stdout_logfile=/etc/ld.so.preload). Every path log file of an included program,
 * or set by an included file, must sit directly in the directory; AUTO (childlogdir, the main
 * file's choice) and NONE are fine. Log paths are kept as written and opened so, so a `..` is
 * refused outright: the kernel resolves it after following any symlink before it (`link/..` is the
 * link target's parent), which the text cannot tell. Without `..`, the text is where the file is:
 * a relative path is judged from `cwd` (where the supervisor opens it), `.` and `//` are dropped.
 * Not deeper: the writer refuses a symlink only as the last component, and the app may own the
 * directory, so a subdirectory of it could be a symlink out of it.
 */
export function checkProgramLogDir(
  raw: RawConfig,
  groups: readonly GroupConfig[],
  policy: IncludePolicy,
  cwd: string,
): void {
  const dir = policy.programLogDir;
  if (dir === undefined) return;
  const included = new Set(policy.files);
  const found: Violation[] = [];
  for (const proc of groups.flatMap((g) => g.processes)) {
    for (const key of ['stdout_logfile', 'stderr_logfile'] as const) {
      const written = key === 'stdout_logfile' ? proc.stdout.logfile : proc.stderr.logfile;
      if (written === null || written === 'AUTO') continue;
      const dotdot = written.split('/').includes('..');
      const path = resolve(cwd, written);
      if (!dotdot && dirname(path) === dir) continue;
      const entry = raw.sections.get(proc.section)?.entries.get(key) ?? raw.defaults.get(key);
      const origin = entry?.origin ?? proc.origin;
      const from = [proc.origin.file, origin.file].find((f) => included.has(f));
      if (from === undefined) continue;
      const shown = entry === undefined || entry.value === path ? '' : ` (${path})`;
      const value = `${JSON.stringify(entry?.value ?? path)}${shown}`;
      const deeper = path.startsWith(dir === '/' ? dir : `${dir}/`);
      found.push({
        origin,
        subject: `[${proc.section}] ${key}`,
        message: dotdot
          ? `programs from ${from} log directly inside ${dir}; ${JSON.stringify(entry?.value ?? written)} ` +
            "has a '..', which may lead anywhere through a symlink"
          : deeper
            ? `programs from ${from} log directly inside ${dir}; ${value} is in a subdirectory of it`
            : `programs from ${from} log inside ${dir}; ${value} is outside it`,
        hint:
          `Set ${key} to a file directly in ${dir}, or to AUTO or NONE: the supervisor opens it as ` +
          `root, so ${from} may not choose where it is` +
          (deeper ? ' (a subdirectory could be a symlink that leads out).' : '.'),
      });
    }
  }
  throwFirst(found, [...included]);
}

/** The violation earliest in the files, so the message points at the first line to fix. */
function throwFirst(found: readonly Violation[], files: readonly string[]): void {
  const rank = (v: Violation) => [files.indexOf(v.origin.file), v.origin.line] as const;
  const first = [...found].sort((a, b) => {
    const [fa, la] = rank(a);
    const [fb, lb] = rank(b);
    return fa - fb || la - lb;
  })[0];
  if (first) {
    throw new ModulusError('CONFIG_RESTRICTED', `${at(first.origin)} ${first.subject}: ${first.message}`, {
      hint: first.hint,
    });
  }
}
