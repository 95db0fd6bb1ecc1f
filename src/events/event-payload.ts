// Events as data and their wire form, character for character as supervisord's events.py writes
// payloads and process.py writes the listener envelope (`ver:3.0 server:… len:N\n<payload>`).
import type { EventType } from './event-types.js';

export interface ProcessRef {
  readonly name: string;
  /** '' when the process has no group, as supervisord prints it. */
  readonly group: string;
}

type Of<T extends EventType, F> = { readonly type: T } & F;

/**
 * Our additions to PROCESS_STATE payloads (exit code or signal, uptime, restarts), written after
 * supervisord's own tokens. Listeners built on supervisor.childutils split the header on spaces and
 * each token on ':' and ignore keys they do not know, so values never contain either.
 */
export type StateExtras = Readonly<Record<string, string | number>>;

export type SupervisorEvent =
  | Of<
      'PROCESS_STATE_STARTING' | 'PROCESS_STATE_BACKOFF',
      { process: ProcessRef; fromState: string; tries: number; extras?: StateExtras }
    >
  | Of<
      'PROCESS_STATE_EXITED',
      { process: ProcessRef; fromState: string; expected: boolean; pid: number; extras?: StateExtras }
    >
  | Of<
      'PROCESS_STATE_RUNNING' | 'PROCESS_STATE_STOPPING' | 'PROCESS_STATE_STOPPED',
      { process: ProcessRef; fromState: string; pid: number; extras?: StateExtras }
    >
  | Of<
      'PROCESS_STATE_FATAL' | 'PROCESS_STATE_UNKNOWN',
      { process: ProcessRef; fromState: string; extras?: StateExtras }
    >
  | Of<
      'PROCESS_LOG_STDOUT' | 'PROCESS_LOG_STDERR',
      { process: ProcessRef; pid: number; data: Uint8Array | string }
    >
  | Of<
      'PROCESS_COMMUNICATION_STDOUT' | 'PROCESS_COMMUNICATION_STDERR',
      { process: ProcessRef; pid: number; data: Uint8Array | string }
    >
  | Of<'REMOTE_COMMUNICATION', { remoteType: string; data: string }>
  | Of<'SUPERVISOR_STATE_CHANGE_RUNNING' | 'SUPERVISOR_STATE_CHANGE_STOPPING', object>
  | Of<'TICK_5' | 'TICK_60' | 'TICK_3600', { when: number }>
  | Of<'PROCESS_GROUP_ADDED' | 'PROCESS_GROUP_REMOVED', { group: string }>;

export function eventPayload(event: SupervisorEvent): string {
  const base = basePayload(event);
  return 'extras' in event && event.extras ? base + extraTokens(event.extras) : base;
}

function extraTokens(extras: StateExtras): string {
  return Object.entries(extras)
    .map(([k, v]) => ` ${k}:${String(v).replace(/[\s:]/g, '_')}`)
    .join('');
}

function basePayload(event: SupervisorEvent): string {
  switch (event.type) {
    case 'PROCESS_STATE_STARTING':
    case 'PROCESS_STATE_BACKOFF':
      return `${stateHead(event.process, event.fromState)} tries:${event.tries}`;
    case 'PROCESS_STATE_EXITED':
      return `${stateHead(event.process, event.fromState)} expected:${event.expected ? 1 : 0} pid:${event.pid}`;
    case 'PROCESS_STATE_RUNNING':
    case 'PROCESS_STATE_STOPPING':
    case 'PROCESS_STATE_STOPPED':
      return `${stateHead(event.process, event.fromState)} pid:${event.pid}`;
    case 'PROCESS_STATE_FATAL':
    case 'PROCESS_STATE_UNKNOWN':
      return stateHead(event.process, event.fromState);
    case 'PROCESS_LOG_STDOUT':
    case 'PROCESS_LOG_STDERR': {
      const channel = event.type === 'PROCESS_LOG_STDOUT' ? 'stdout' : 'stderr';
      const { name, group } = event.process;
      return `processname:${name} groupname:${group} pid:${event.pid} channel:${channel}\n${asText(event.data)}`;
    }
    case 'PROCESS_COMMUNICATION_STDOUT':
    case 'PROCESS_COMMUNICATION_STDERR':
      return `processname:${event.process.name} groupname:${event.process.group} pid:${event.pid}\n${asText(event.data)}`;
    case 'REMOTE_COMMUNICATION':
      return `type:${event.remoteType}\n${event.data}`;
    case 'SUPERVISOR_STATE_CHANGE_RUNNING':
    case 'SUPERVISOR_STATE_CHANGE_STOPPING':
      return '';
    case 'TICK_5':
    case 'TICK_60':
    case 'TICK_3600':
      return `when:${event.when}`;
    case 'PROCESS_GROUP_ADDED':
    case 'PROCESS_GROUP_REMOVED':
      return `groupname:${event.group}\n`;
  }
}

function stateHead(process: ProcessRef, fromState: string): string {
  return `processname:${process.name} groupname:${process.group} from_state:${fromState}`;
}

/** The start of the tick period `nowSecs` falls in (supervisord's timeslice), the `when:` of a TICK. */
export function tickWhen(periodSecs: number, nowSecs: number): number {
  const now = Math.floor(nowSecs);
  return now - (now % periodSecs);
}

export interface EnvelopeFields {
  /** supervisord's `identifier` option (default `supervisor`). */
  readonly server: string;
  readonly serial: number;
  readonly pool: string;
  readonly poolSerial: number;
}

/**
 * The header line and payload written to a listener's stdin. `len` counts characters, not bytes:
 * supervisord takes len() of a Python str, and childutils reads that many characters back.
 */
export function eventEnvelope(type: EventType, payload: string, fields: EnvelopeFields): string {
  const header =
    `ver:3.0 server:${fields.server} serial:${fields.serial} pool:${fields.pool} ` +
    `poolserial:${fields.poolSerial} eventname:${type} len:${codePointLength(payload)}`;
  return `${header}\n${payload}`;
}

export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Output bytes as text; bytes that are not UTF-8 are shown as supervisord does: `Undecodable: b'…'`. */
function asText(data: Uint8Array | string): string {
  if (typeof data === 'string') return data;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return `Undecodable: ${pythonBytesRepr(data)}`;
  }
}

/** Python's repr() of a bytes object. */
export function pythonBytesRepr(data: Uint8Array): string {
  const quote = data.includes(0x27) && !data.includes(0x22) ? '"' : "'";
  let body = '';
  for (const b of data) {
    if (b === 0x5c) body += '\\\\';
    else if (b === 0x27 && quote === "'") body += "\\'";
    else if (b === 0x09) body += '\\t';
    else if (b === 0x0a) body += '\\n';
    else if (b === 0x0d) body += '\\r';
    else if (b < 0x20 || b >= 0x7f) body += `\\x${b.toString(16).padStart(2, '0')}`;
    else body += String.fromCharCode(b);
  }
  return `b${quote}${body}${quote}`;
}
