// The exit statuses supervisorctl 4 uses: LSB init-script codes for actions, LSB status codes
// for `status`, and which XML-RPC faults mean "the program is dead" (exit 7, not 1).
import { FAULTS } from '../rpc/faults.js';

/** LSB init-script action codes (supervisorctl's LSBInitExitStatuses). */
export const EXIT = {
  SUCCESS: 0,
  GENERIC: 1,
  INVALID_ARGS: 2,
  UNIMPLEMENTED_FEATURE: 3,
  /** Also what supervisorctl reports when the server refuses the connection. */
  INSUFFICIENT_PRIVILEGES: 4,
  NOT_INSTALLED: 5,
  NOT_RUNNING: 7,
} as const;

/** LSB `status` codes: 3 when a process is not running, 4 when a name is unknown or the server is down. */
export const STATUS_EXIT = {
  NOT_RUNNING: 3,
  UNKNOWN: 4,
} as const;

const DEAD_PROGRAM_FAULTS: ReadonlySet<number> = new Set([
  FAULTS.SPAWN_ERROR,
  FAULTS.ABNORMAL_TERMINATION,
  FAULTS.NOT_RUNNING,
]);

/**
 * The exit status after one result of a start/stop/signal/clear: unchanged for success and for the
 * fault the action tolerates (already started for start, not running for stop), 7 for a dead
 * program, 1 for anything else.
 */
export function exitAfterFault(current: number, faultCode: number, tolerated?: number): number {
  if (faultCode === FAULTS.SUCCESS || faultCode === tolerated) return current;
  return DEAD_PROGRAM_FAULTS.has(faultCode) ? EXIT.NOT_RUNNING : EXIT.GENERIC;
}
