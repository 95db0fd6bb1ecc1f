// The notification record: what one file in the notifications directory says, version 1, as
// schema/notification.schema.json describes it. Fields the notifier could not learn are null and named in `unknown`.

export const RECORD_VERSION = 1;

export const NOTIFICATION_TYPES = ['crash', 'fatal', 'oom', 'spawn-error', 'log-loss'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Which supervisor sent the event: ours adds exit status, uptime and restarts to the payload. */
export type SupervisorKind = 'modulus' | 'supervisord';

export interface ExitFacts {
  readonly code: number | null;
  /** Full name, e.g. 'SIGKILL'. */
  readonly signal: string | null;
}

export interface OutputTail {
  /** The last lines of the stdout log (stderr too when redirect_stderr is set); null when unreadable. */
  readonly stdout: readonly string[] | null;
  /** The last lines of a separate stderr log; null when there is none or it was unreadable. */
  readonly stderr: readonly string[] | null;
}

export type OomEvidenceKind = 'cgroup-v2:memory.events' | 'cgroup-v1:memory.oom_control' | 'none';

export interface MemoryFacts {
  /** The counter that told an OOM kill from another SIGKILL, or 'none' when no cgroup shows one. */
  readonly evidence: OomEvidenceKind;
  /** The cgroup path read (relative to the hierarchy), null when none was found. */
  readonly cgroup: string | null;
  readonly oomKillsBefore: number | null;
  readonly oomKillsAfter: number | null;
  /** memory.max / memory.limit_in_bytes; null when unlimited or unreadable. */
  readonly limitBytes: number | null;
  /** memory.peak / memory.max_usage_in_bytes of the whole cgroup; null when the kernel keeps none. */
  readonly peakBytes: number | null;
}

export interface LogLossFacts {
  readonly path: string;
  readonly bytes: number;
  readonly since: string;
  readonly until: string;
  readonly error: string;
  readonly message: string;
}

export interface Coalesced {
  /** How many events of this type for this program the file stands for (this one included). */
  readonly count: number;
  readonly first: string;
  readonly last: string;
}

export interface NotificationRecord {
  readonly version: typeof RECORD_VERSION;
  readonly type: NotificationType;
  /** ISO 8601, UTC, millisecond precision: when the notifier learnt of the event. */
  readonly time: string;
  readonly hostname: string;
  readonly supervisor: SupervisorKind;
  readonly program: string | null;
  readonly group: string | null;
  readonly pid: number | null;
  readonly exit: ExitFacts;
  readonly expected: boolean | null;
  readonly uptimeSeconds: number | null;
  readonly restarts: number | null;
  readonly fromState: string | null;
  readonly spawnError: string | null;
  readonly output: OutputTail;
  readonly memory: MemoryFacts | null;
  readonly logLoss: LogLossFacts | null;
  readonly coalesced: Coalesced | null;
  /** Files the size and count caps removed since the previous file was written. */
  readonly dropped: number;
  /** Names of the fields that could not be determined (and are null for that reason). */
  readonly unknown: readonly string[];
}

export function recordJson(record: NotificationRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The same record as one line (JSON escapes every newline in it), for a log collector. */
export function recordLine(record: NotificationRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/**
 * Reads a notification file's text for display. Only what a reader needs is checked, so a record
 * from a later minor change (new fields) still shows; a wrong version or type is rejected.
 */
export function parseRecord(text: string): NotificationRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Partial<NotificationRecord>;
  if (r.version !== RECORD_VERSION || typeof r.time !== 'string') return null;
  if (!NOTIFICATION_TYPES.includes(r.type as NotificationType)) return null;
  return r as NotificationRecord;
}
