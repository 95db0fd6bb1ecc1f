// supervisord's event type hierarchy (supervisor/events.py EventTypes) as data: each type names its
// parent, so a listener subscribed to PROCESS_STATE receives every PROCESS_STATE_* event.

export const EVENT_PARENTS = {
  EVENT: null,
  PROCESS_STATE: 'EVENT',
  PROCESS_STATE_STOPPED: 'PROCESS_STATE',
  PROCESS_STATE_EXITED: 'PROCESS_STATE',
  PROCESS_STATE_STARTING: 'PROCESS_STATE',
  PROCESS_STATE_STOPPING: 'PROCESS_STATE',
  PROCESS_STATE_BACKOFF: 'PROCESS_STATE',
  PROCESS_STATE_FATAL: 'PROCESS_STATE',
  PROCESS_STATE_RUNNING: 'PROCESS_STATE',
  PROCESS_STATE_UNKNOWN: 'PROCESS_STATE',
  PROCESS_COMMUNICATION: 'EVENT',
  PROCESS_COMMUNICATION_STDOUT: 'PROCESS_COMMUNICATION',
  PROCESS_COMMUNICATION_STDERR: 'PROCESS_COMMUNICATION',
  PROCESS_LOG: 'EVENT',
  PROCESS_LOG_STDOUT: 'PROCESS_LOG',
  PROCESS_LOG_STDERR: 'PROCESS_LOG',
  REMOTE_COMMUNICATION: 'EVENT',
  SUPERVISOR_STATE_CHANGE: 'EVENT',
  SUPERVISOR_STATE_CHANGE_RUNNING: 'SUPERVISOR_STATE_CHANGE',
  SUPERVISOR_STATE_CHANGE_STOPPING: 'SUPERVISOR_STATE_CHANGE',
  TICK: 'EVENT',
  TICK_5: 'TICK',
  TICK_60: 'TICK',
  TICK_3600: 'TICK',
  PROCESS_GROUP: 'EVENT',
  PROCESS_GROUP_ADDED: 'PROCESS_GROUP',
  PROCESS_GROUP_REMOVED: 'PROCESS_GROUP',
} as const satisfies Record<string, string | null>;

export type EventType = keyof typeof EVENT_PARENTS;

/** Types that are only ever subscribed to, never emitted. */
export const ABSTRACT_EVENT_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'EVENT',
  'PROCESS_STATE',
  'PROCESS_COMMUNICATION',
  'PROCESS_LOG',
  'SUPERVISOR_STATE_CHANGE',
  'TICK',
  'PROCESS_GROUP',
]);

export function isEventType(name: string): name is EventType {
  return Object.hasOwn(EVENT_PARENTS, name);
}

/** True when `type` is `ancestor` or descends from it (isinstance in supervisord's notify). */
export function isSubtypeOf(type: EventType, ancestor: EventType): boolean {
  for (let t: EventType | null = type; t !== null; t = EVENT_PARENTS[t]) {
    if (t === ancestor) return true;
  }
  return false;
}

/** Whether an event of `type` goes to a pool subscribed to `subscriptions`. */
export function isSubscribed(type: EventType, subscriptions: readonly EventType[]): boolean {
  return subscriptions.some((s) => isSubtypeOf(type, s));
}
