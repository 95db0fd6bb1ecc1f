// Process groups: [group:g] gathers the programs it lists, every other [program:x] is a group of
// its own, each [eventlistener:x] is a pool, and each [fcgi-program:x] a group with its socket;
// the result is sorted by priority, then name.
import { isEventType } from '../events/event-types.js';
import { FCGI_SOCKET_KEYS, fcgiSocket } from './fcgi-socket.js';
import type { EventListenerPoolConfig, GroupConfig, ProcessConfig } from './model.js';
import { PROGRAM_KEYS, programProcesses, type ProgramContext } from './program.js';
import type { SectionReader } from './section-reader.js';
import * as v from './values.js';

const GROUP_KEYS: ReadonlySet<string> = new Set(['programs', 'priority']);
const LISTENER_KEYS: ReadonlySet<string> = new Set([
  ...PROGRAM_KEYS,
  'events',
  'buffer_size',
  'result_handler',
]);
const FCGI_KEYS: ReadonlySet<string> = new Set([...PROGRAM_KEYS, ...FCGI_SOCKET_KEYS]);
export const DEFAULT_RESULT_HANDLER = 'supervisor.dispatchers:default_handler';

/** Section names in file order, with a reader for each. */
export interface SectionSource {
  readonly names: readonly string[];
  reader(name: string): SectionReader;
}

function suffixName(r: SectionReader): string {
  const suffix = r.name.slice(r.name.indexOf(':') + 1);
  try {
    return v.processOrGroupName(suffix);
  } catch (err) {
    throw r.error(
      undefined,
      `bad name after "${r.name.slice(0, r.name.indexOf(':'))}:": ${(err as Error).message}`,
      'CONFIG_SECTION',
      err,
    );
  }
}

export function buildGroups(src: SectionSource, ctx: ProgramContext): GroupConfig[] {
  const groups: GroupConfig[] = [];
  const sectionOf = new Map<GroupConfig, string>();
  const add = (section: string, group: GroupConfig): void => {
    groups.push(group);
    sectionOf.set(group, section);
  };
  const claimed = new Set<string>();
  const sections = (prefix: string) => src.names.filter((n) => n.startsWith(prefix));

  for (const section of sections('group:')) {
    const r = src.reader(section);
    const name = suffixName(r);
    const programs = r.get('programs', v.listOfStrings, [], ctx.names);
    if (programs.length === 0) r.warn(undefined, 'has no programs= line, so the group is empty');
    const processes: ProcessConfig[] = [];
    for (const program of programs) {
      // supervisord takes an [fcgi-program:x] here too, as a plain program (without its socket).
      const fcgiSection = `fcgi-program:${program}`;
      const hasFcgi = src.names.includes(fcgiSection);
      if (hasFcgi && src.names.includes(`program:${program}`)) {
        throw r.error(
          'programs',
          `names ${JSON.stringify(program)}, which is ambiguous: both [program:${program}] and [${fcgiSection}] exist`,
          'CONFIG_SECTION',
        );
      }
      const programSection = hasFcgi ? fcgiSection : `program:${program}`;
      if (!src.names.includes(programSection)) {
        throw r.error(
          'programs',
          `names ${JSON.stringify(program)}, but there is no [${programSection}] section`,
          'CONFIG_SECTION',
        );
      }
      claimed.add(programSection);
      const pr = src.reader(programSection);
      processes.push(...programProcesses(pr, 'program', suffixName(pr), name, ctx));
    }
    const priority = r.get('priority', v.integer, 999, ctx.names);
    add(section, { name, priority, kind: 'process', processes: byPriority(processes), origin: r.origin });
    r.warnUnknown(GROUP_KEYS);
  }

  for (const section of sections('program:')) {
    const r = src.reader(section);
    const name = suffixName(r);
    if (!claimed.has(section)) {
      const processes = programProcesses(r, 'program', name, name, ctx);
      const priority = r.get('priority', v.integer, 999, {
        ...ctx.names,
        program_name: name,
        group_name: name,
      });
      add(section, { name, priority, kind: 'process', processes, origin: r.origin });
    }
    r.warnUnknown(PROGRAM_KEYS);
  }

  for (const section of sections('eventlistener:')) {
    const r = src.reader(section);
    const name = suffixName(r);
    const names = { ...ctx.names, program_name: name, group_name: name };
    const pool = listenerPool(r, names);
    const priority = r.get('priority', v.integer, -1, names);
    let processes = programProcesses(r, 'eventlistener', name, name, ctx);
    if (processes.some((p) => p.stdout.captureMaxbytes > 0)) {
      r.warn('stdout_capture_maxbytes', 'ignored: an event listener’s stdout carries the listener protocol');
      processes = processes.map((p) => ({ ...p, stdout: { ...p.stdout, captureMaxbytes: 0 } }));
    }
    add(section, { name, priority, kind: 'eventlistener', processes, pool, origin: r.origin });
    r.warnUnknown(LISTENER_KEYS);
  }

  for (const section of sections('fcgi-program:')) {
    const r = src.reader(section);
    if (claimed.has(section)) {
      r.warnUnknown(FCGI_KEYS);
      continue;
    }
    const name = suffixName(r);
    const names = { ...ctx.names, program_name: name, group_name: name };
    const socket = fcgiSocket(r, names);
    const processes = programProcesses(r, 'program', name, name, ctx);
    const priority = r.get('priority', v.integer, 999, names);
    add(section, { name, priority, kind: 'process', processes, socket, origin: r.origin });
    r.warnUnknown(FCGI_KEYS);
  }

  checkNames(groups, src, sectionOf);
  return groups.sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function listenerPool(r: SectionReader, names: Record<string, string>): EventListenerPoolConfig {
  const bufferSize = r.get('buffer_size', v.integer, 10, names);
  if (bufferSize < 1) throw r.error('buffer_size', `expected 1 or more, got ${bufferSize}`);
  const resultHandler = r.get('result_handler', v.text, DEFAULT_RESULT_HANDLER, names);
  if (resultHandler !== DEFAULT_RESULT_HANDLER) {
    throw r.error(
      'result_handler',
      `only ${DEFAULT_RESULT_HANDLER} is supported, got ${JSON.stringify(resultHandler)} (Python handlers cannot be loaded)`,
      'CONFIG_UNSUPPORTED',
    );
  }
  const events = [...new Set(r.get('events', v.listOfStrings, [], names).map((e) => e.toUpperCase()))];
  if (events.length === 0) {
    throw r.error(
      r.has('events') ? 'events' : undefined,
      'needs an events= line naming the event types to receive',
      'CONFIG_MISSING_KEY',
    );
  }
  const unknown = events.find((e) => !isEventType(e));
  if (unknown !== undefined) throw r.error('events', `unknown event type ${JSON.stringify(unknown)}`);
  if (r.get('redirect_stderr', v.boolean, false, names)) {
    throw r.error(
      'redirect_stderr',
      'must be false for an event listener: stderr mixed into stdout would break its protocol',
    );
  }
  return { events, bufferSize, resultHandler };
}

function byPriority(processes: ProcessConfig[]): ProcessConfig[] {
  return processes
    .map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => a.priority - b.priority || i - j)
    .map(([p]) => p);
}

/** supervisord keeps groups and processes in dicts, so a repeated name silently hides one; we refuse it. */
function checkNames(
  groups: readonly GroupConfig[],
  src: SectionSource,
  sectionOf: ReadonlyMap<GroupConfig, string>,
): void {
  const seenGroups = new Map<string, GroupConfig>();
  for (const group of groups) {
    const first = seenGroups.get(group.name);
    const r = src.reader(sectionOf.get(group) as string);
    if (first) {
      throw r.error(
        undefined,
        `makes a group named ${JSON.stringify(group.name)}, as the section at ${first.origin.file}:${first.origin.line} already does`,
        'CONFIG_NAME_COLLISION',
      );
    }
    seenGroups.set(group.name, group);
    const seen = new Map<string, ProcessConfig>();
    for (const proc of group.processes) {
      const other = seen.get(proc.name);
      if (other) {
        throw src
          .reader(proc.section)
          .error(
            'process_name',
            `gives process name ${JSON.stringify(proc.name)} in group ${JSON.stringify(group.name)}, which [${other.section}] already uses`,
            'CONFIG_NAME_COLLISION',
          );
      }
      seen.set(proc.name, proc);
    }
  }
}
