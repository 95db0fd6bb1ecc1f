// What a writer records while the disk refuses its bytes, and the one line it writes into the log
// once the disk accepts them again, so a reader of the log sees exactly where and how much was lost.
import { errnoCode } from '../errors/modulus-error.js';

export interface LossRecord {
  /** The log file that lost output. */
  readonly path: string;
  readonly bytes: number;
  /** When the first byte was lost and when the last one was. */
  readonly since: Date;
  readonly until: Date;
  /** The errno code of the last failure, e.g. 'ENOSPC'. */
  readonly error: string;
  readonly message: string;
}

/** The errno code and the kernel's description, e.g. ['ENOSPC', 'no space left on device']. */
export function describeWriteError(err: unknown): { code: string; message: string } {
  const code = errnoCode(err) ?? 'EIO';
  const raw = err instanceof Error ? err.message : String(err);
  // Node's system errors read "ENOSPC: no space left on device, write"; keep the middle part.
  const match = /^[A-Z0-9_]+: ([^,]+)/.exec(raw);
  return { code, message: match?.[1] ?? raw };
}

/** `[modulus] lost 123 bytes of output between … and …: ENOSPC (no space left on device)` */
export function lossNotice(loss: LossRecord): string {
  return (
    `[modulus] lost ${loss.bytes} bytes of output between ${loss.since.toISOString()} and ` +
    `${loss.until.toISOString()}: ${loss.error} (${loss.message})\n`
  );
}
