// supervisord's process and supervisor states as data: names, wire codes, groups, the legal
// transitions and the event each state change emits. Imports nothing.

export const PROCESS_STATE_CODES = {
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
} as const;

export type ProcessState = keyof typeof PROCESS_STATE_CODES;

/** States in which a stop request has nothing to do (supervisord's STOPPED_STATES). */
export const STOPPED_STATES: readonly ProcessState[] = ['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN'];
/** States in which the process is wanted up (supervisord's RUNNING_STATES). */
export const RUNNING_STATES: readonly ProcessState[] = ['RUNNING', 'BACKOFF', 'STARTING'];
/** States in which a process has a pid that may be signalled (supervisord's SIGNALLABLE_STATES). */
export const SIGNALLABLE_STATES: readonly ProcessState[] = ['RUNNING', 'STARTING', 'STOPPING'];

/**
 * Every edge the state machine may take. EXITED -> FATAL is ours: the crash-loop extension
 * gives up on a program that keeps dying after RUNNING (off by default).
 */
export const TRANSITIONS: Record<ProcessState, readonly ProcessState[]> = {
  STOPPED: ['STARTING'],
  STARTING: ['RUNNING', 'BACKOFF', 'STOPPING'],
  RUNNING: ['STOPPING', 'EXITED'],
  BACKOFF: ['STARTING', 'FATAL', 'STOPPED'],
  STOPPING: ['STOPPED'],
  EXITED: ['STARTING', 'FATAL'],
  FATAL: ['STARTING'],
  UNKNOWN: [],
};

export function isLegalTransition(from: ProcessState, to: ProcessState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function processStateEvent(state: ProcessState): `PROCESS_STATE_${ProcessState}` {
  return `PROCESS_STATE_${state}`;
}

export const SUPERVISOR_STATE_CODES = {
  FATAL: 2,
  RUNNING: 1,
  RESTARTING: 0,
  SHUTDOWN: -1,
} as const;

export type SupervisorState = keyof typeof SUPERVISOR_STATE_CODES;
