// How a log loss reaches the notifier: the supervisor publishes a REMOTE_COMMUNICATION event of type
// `modulus-log-loss` whose data is one JSON object; the notifier (a listener like any other) reads it back.
import type { LossRecord } from '../logs/loss-notice.js';
import type { LogLossFacts } from './record.js';

export const LOG_LOSS_REMOTE_TYPE = 'modulus-log-loss';

export interface LogLossEvent extends LogLossFacts {
  /** The program whose output was lost; null for the supervisor's own log. */
  readonly program: string | null;
  readonly group: string | null;
}

/** The REMOTE_COMMUNICATION data for a loss the LogFile reported ('loss' event). One line, no newline. */
export function logLossEventData(loss: LossRecord, program: { name: string; group: string } | null): string {
  const event: LogLossEvent = {
    program: program?.name ?? null,
    group: program?.group ?? null,
    path: loss.path,
    bytes: loss.bytes,
    since: loss.since.toISOString(),
    until: loss.until.toISOString(),
    error: loss.error,
    message: loss.message,
  };
  return JSON.stringify(event);
}

/** Reads the data back; null when it is not a well-formed loss (anyone with the API can send these). */
export function parseLogLossEventData(data: string): LogLossEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const str = (k: string): string | null => (typeof v[k] === 'string' ? (v[k] as string) : null);
  const nameOrNull = (k: string): string | null | undefined =>
    v[k] === null || v[k] === undefined ? null : (str(k) ?? undefined);
  const program = nameOrNull('program');
  const group = nameOrNull('group');
  const [path, since, until, error] = [str('path'), str('since'), str('until'), str('error')];
  const bytes = v.bytes;
  if (program === undefined || group === undefined || path === null || since === null || until === null)
    return null;
  if (error === null || typeof bytes !== 'number' || !Number.isSafeInteger(bytes) || bytes < 0) return null;
  return { program, group, path, bytes, since, until, error, message: str('message') ?? '' };
}
