// Value converters for the supervisord dialect, one per datatype of supervisor's datatypes.py.
// Each takes the raw (already expanded) string and throws a plain Error naming the bad value;
// the section reader adds file, line, section and key.
import { constants } from 'node:os';
import type { AutoRestart, LogLevel } from './model.js';

const TRUTHY = ['yes', 'true', 'on', '1'];
const FALSY = ['no', 'false', 'off', '0'];

function quote(value: string): string {
  return JSON.stringify(value);
}

export function boolean(value: string): boolean {
  const v = value.toLowerCase();
  if (TRUTHY.includes(v)) return true;
  if (FALSY.includes(v)) return false;
  throw new Error(`expected a boolean (true/false, yes/no, on/off, 1/0), got ${quote(value)}`);
}

/** Python's int(): surrounding whitespace, a sign, and single underscores between digits. */
export function integer(value: string): number {
  const v = value.trim();
  if (!/^[+-]?\d+(_\d+)*$/.test(v)) throw new Error(`expected an integer, got ${quote(value)}`);
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isSafeInteger(n)) throw new Error(`expected an integer of sensible size, got ${quote(value)}`);
  return n;
}

export function nonNegativeInteger(value: string): number {
  const n = integer(value);
  if (n < 0) throw new Error(`expected an integer of 0 or more, got ${quote(value)}`);
  return n;
}

const BYTE_SUFFIXES: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** supervisord's byte_size: a plain integer or one ending in KB, MB or GB, any case. */
export function byteSize(value: string): number {
  const v = value.toLowerCase();
  const multiplier = BYTE_SUFFIXES[v.slice(-2)];
  try {
    return multiplier === undefined ? integer(v) : integer(v.slice(0, -2)) * multiplier;
  } catch {
    throw new Error(`expected a byte size such as 1024, 50KB, 50MB or 1GB, got ${quote(value)}`);
  }
}

/** Linux signal numbers by name (without SIG); the first name listed for a number wins on lookup. */
const SIGNALS: ReadonlyMap<string, number> = new Map(
  Object.entries(constants.signals).map(([name, num]) => [name.slice(3), num] as [string, number]),
);
const PREFERRED = ['IOT', 'POLL', 'UNUSED', 'CLD', 'STKFLT', 'PWR', 'LOST', 'INFO'];

/** A signal given as a name (TERM, SIGTERM, term) or a number; returns the name without SIG. */
export function signalName(value: string): string {
  const v = value.trim();
  if (/^[+-]?\d+$/.test(v)) {
    const num = Number(v);
    const names = [...SIGNALS].filter(([, n]) => n === num).map(([name]) => name);
    const best = names.find((name) => !PREFERRED.includes(name)) ?? names[0];
    if (best === undefined) throw new Error(`expected a signal, got ${quote(value)}: no such signal number`);
    return best;
  }
  let name = v.toUpperCase();
  if (name.startsWith('SIG')) name = name.slice(3);
  if (!SIGNALS.has(name))
    throw new Error(`expected a signal name such as TERM, HUP, INT, QUIT, KILL, USR1, got ${quote(value)}`);
  return name;
}

/** Comma-separated exit statuses 0-255; an empty value is an empty list, as in supervisord. */
export function exitCodes(value: string): number[] {
  if (value === '') return [];
  return value.split(',').map((part) => {
    let code: number;
    try {
      code = integer(part);
    } catch {
      throw new Error(`expected a comma-separated list of exit codes, got ${quote(value)}`);
    }
    if (code < 0 || code > 255) throw new Error(`expected exit codes between 0 and 255, got ${quote(value)}`);
    return code;
  });
}

export function autoRestart(value: string): AutoRestart {
  const v = value.toLowerCase();
  if (v === 'unexpected') return 'unexpected';
  if (TRUTHY.includes(v)) return true;
  if (FALSY.includes(v)) return false;
  throw new Error(`expected true, false or unexpected, got ${quote(value)}`);
}

/** Python's int(value, 8): octal digits with an optional 0o prefix (022, 0o22, 22). */
export function octal(value: string): number {
  const v = value.trim();
  const m = /^\+?(?:0o)?([0-7]+(?:_[0-7]+)*)$/i.exec(v);
  if (!m?.[1]) throw new Error(`expected an octal number such as 022, got ${quote(value)}`);
  return parseInt(m[1].replace(/_/g, ''), 8);
}

const LOG_LEVELS: readonly LogLevel[] = ['critical', 'error', 'warn', 'info', 'debug', 'trace', 'blather'];

export function logLevel(value: string): LogLevel {
  const v = value.toLowerCase() as LogLevel;
  if (LOG_LEVELS.includes(v)) return v;
  throw new Error(`expected one of ${LOG_LEVELS.join(', ')}, got ${quote(value)}`);
}

export type LogfileName =
  { kind: 'none' } | { kind: 'auto' } | { kind: 'syslog' } | { kind: 'path'; path: string };

/** A child log file: NONE/OFF, AUTO, the deprecated SYSLOG, or a path (case-insensitive keywords). */
export function logfileName(value: string): LogfileName {
  const v = value.toLowerCase();
  if (v === 'none' || v === 'off') return { kind: 'none' };
  if (v === 'auto') return { kind: 'auto' };
  if (v === 'syslog') return { kind: 'syslog' };
  if (value === '') throw new Error('expected a file path, AUTO or NONE, got ""');
  return { kind: 'path', path: value };
}

export function portNumber(value: string): number {
  let port: number;
  try {
    port = integer(value);
  } catch {
    throw new Error(`expected a port number, got ${quote(value)}`);
  }
  if (port < 1 || port > 65535)
    throw new Error(`expected a port number between 1 and 65535, got ${quote(value)}`);
  return port;
}

/**
 * supervisord's inet_address: `host:port` or `port`; an empty host or `*` means every interface,
 * which we spell 0.0.0.0 (supervisord binds AF_INET to '', the same thing).
 */
export function inetAddress(value: string): { host: string; port: number } {
  const colon = value.lastIndexOf(':');
  if (colon === -1) return { host: '0.0.0.0', port: portNumber(value) };
  const host = value.slice(0, colon).toLowerCase();
  const port = value.slice(colon + 1);
  if (port === '') throw new Error(`expected host:port, got ${quote(value)}: no port number`);
  let portNum: number;
  try {
    portNum = portNumber(port);
  } catch (err) {
    throw new Error(`${(err as Error).message} in ${quote(value)}`);
  }
  return { host: host === '' || host === '*' ? '0.0.0.0' : host, port: portNum };
}

/** Comma-separated names, each trimmed; an empty value is an empty list. */
export function listOfStrings(value: string): string[] {
  if (value === '') return [];
  return value.split(',').map((s) => s.trim());
}

/** Names end up in the listener protocol and in URLs, so supervisord refuses space, colon and slash. */
export function processOrGroupName(value: string): string {
  const name = value.trim();
  if (name === '') throw new Error('expected a name, got ""');
  const bad = [' ', ':', '/'].find((c) => name.includes(c));
  if (bad !== undefined)
    throw new Error(`expected a name without spaces, colons or slashes, got ${quote(value)}`);
  return name;
}

/** A string kept as written (user names, identifiers). */
export function text(value: string): string {
  return value;
}
