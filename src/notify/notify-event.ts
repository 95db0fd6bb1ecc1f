// What the notifier reads from one event: supervisord's PROCESS_STATE tokens (and the extras our
// supervisor adds: exitcode or signal, uptime, restarts, spawnerr), or a log loss sent as REMOTE_COMMUNICATION.
import { LOG_LOSS_REMOTE_TYPE, parseLogLossEventData, type LogLossEvent } from './log-loss-event.js';

export type ProcessStateName =
  'STARTING' | 'RUNNING' | 'BACKOFF' | 'STOPPING' | 'EXITED' | 'STOPPED' | 'FATAL' | 'UNKNOWN';

export interface StateEvent {
  readonly kind: 'state';
  readonly state: ProcessStateName;
  readonly program: string;
  readonly group: string;
  readonly fromState: string | null;
  readonly expected: boolean | null;
  readonly pid: number | null;
  readonly tries: number | null;
  /** Our supervisor's extras; null under supervisord, which has none. */
  readonly exitcode: number | null;
  readonly signal: string | null;
  readonly uptimeSeconds: number | null;
  readonly restarts: number | null;
  readonly spawnerr: string | null;
  /** True when the payload carried any of our extras, i.e. it came from our supervisor. */
  readonly extended: boolean;
}

export type NotifyEvent =
  | StateEvent
  | ({ readonly kind: 'log-loss' } & LogLossEvent)
  | { readonly kind: 'ignored'; readonly name: string };

const STATES = new Set<string>([
  'STARTING',
  'RUNNING',
  'BACKOFF',
  'STOPPING',
  'EXITED',
  'STOPPED',
  'FATAL',
  'UNKNOWN',
]);

/** `key:value key:value` as childutils.get_headers reads it: split on spaces, then on the first ':'. */
export function parseTokens(line: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const word of line.split(' ')) {
    const colon = word.indexOf(':');
    if (colon > 0) tokens.set(word.slice(0, colon), word.slice(colon + 1));
  }
  return tokens;
}

export function parseNotifyEvent(eventName: string, payload: string): NotifyEvent {
  if (eventName.startsWith('PROCESS_STATE_')) {
    const state = eventName.slice('PROCESS_STATE_'.length);
    const firstLine = payload.split('\n', 1)[0] ?? '';
    if (STATES.has(state)) return stateEvent(state as ProcessStateName, parseTokens(firstLine));
  }
  if (eventName === 'REMOTE_COMMUNICATION') {
    const newline = payload.indexOf('\n');
    const head = parseTokens(newline < 0 ? payload : payload.slice(0, newline));
    if (head.get('type') === LOG_LOSS_REMOTE_TYPE && newline >= 0) {
      const loss = parseLogLossEventData(payload.slice(newline + 1).trim());
      if (loss) return { kind: 'log-loss', ...loss };
    }
  }
  return { kind: 'ignored', name: eventName };
}

function stateEvent(state: ProcessStateName, t: Map<string, string>): StateEvent {
  const int = (k: string): number | null => {
    const v = t.get(k);
    return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : null;
  };
  const uptime = t.get('uptime');
  const expected = t.get('expected');
  return {
    kind: 'state',
    state,
    program: t.get('processname') ?? '',
    group: t.get('groupname') ?? '',
    fromState: t.get('from_state') ?? null,
    expected: expected === undefined ? null : expected === '1',
    pid: int('pid'),
    tries: int('tries'),
    exitcode: int('exitcode'),
    signal: t.get('signal') ?? null,
    uptimeSeconds: uptime !== undefined && /^\d+(\.\d+)?$/.test(uptime) ? Number(uptime) : null,
    restarts: int('restarts'),
    // Our supervisor writes the message with spaces and colons turned into '_' (they split tokens).
    spawnerr: t.has('spawnerr') ? (t.get('spawnerr') ?? '').replace(/_/g, ' ') : null,
    extended: ['exitcode', 'signal', 'uptime', 'restarts', 'spawnerr'].some((k) => t.has(k)),
  };
}
