// An event listener pool as a pure state machine (supervisord's EventListenerPool): buffers events,
// hands each to a READY listener, puts rejected events back at the head, and, unlike supervisord,
// counts every event a full buffer drops and reports it in the returned actions.
import { isSubscribed, type EventType } from './event-types.js';
import { eventEnvelope, eventPayload, type SupervisorEvent } from './event-payload.js';
import { ListenerProtocol, type ListenerState, type ResultHandler } from './listener-protocol.js';

export interface PoolConfig {
  readonly name: string;
  readonly bufferSize: number;
  readonly events: readonly EventType[];
  /** supervisord's `identifier`, the `server:` of each envelope. */
  readonly server: string;
  readonly resultHandler?: ResultHandler;
}

interface Buffered {
  readonly event: SupervisorEvent;
  readonly serial: number;
  readonly poolSerial: number;
}

export type PoolAction =
  | { readonly kind: 'send'; readonly listener: string; readonly data: string; readonly serial: number }
  | { readonly kind: 'processed'; readonly listener: string; readonly serial: number }
  /** The event goes back to the buffer: `byResult` when the listener's RESULT rejected it. */
  | {
      readonly kind: 'rejected';
      readonly listener: string;
      readonly serial: number;
      readonly byResult: boolean;
    }
  | { readonly kind: 'protocol-error'; readonly listener: string; readonly reason: string }
  /** The listener's protocol state changed (supervisord logs `NAME: FROM -> TO` at debug). */
  | {
      readonly kind: 'state';
      readonly listener: string;
      readonly from: ListenerState;
      readonly to: ListenerState;
    }
  /** The buffer was full: the oldest event was dropped. `droppedTotal` counts every drop so far. */
  | { readonly kind: 'overflow'; readonly discardedSerial: number; readonly droppedTotal: number };

interface Listener {
  protocol: ListenerProtocol;
  running: boolean;
  event: Buffered | null;
}

export class ListenerPool {
  private readonly buffer: Buffered[] = [];
  private readonly listeners = new Map<string, Listener>();
  private poolSerial = -1;
  private droppedCount = 0;

  constructor(readonly config: PoolConfig) {}

  get dropped(): number {
    return this.droppedCount;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  listenerState(name: string): string | undefined {
    return this.listeners.get(name)?.protocol.state;
  }

  /** An event from the bus with its global serial; ignored unless the pool subscribes to its type. */
  notify(event: SupervisorEvent, serial: number): PoolAction[] {
    if (!isSubscribed(event.type, this.config.events)) return [];
    this.poolSerial = this.poolSerial === Number.MAX_SAFE_INTEGER ? 0 : this.poolSerial + 1;
    const actions = this.accept({ event, serial, poolSerial: this.poolSerial }, false);
    return [...actions, ...this.dispatch()];
  }

  /** A listener process reached RUNNING; it starts ACKNOWLEDGED and must say READY. */
  listenerStarted(name: string): void {
    this.listeners.set(name, {
      protocol: new ListenerProtocol(this.config.resultHandler),
      running: true,
      event: null,
    });
  }

  /** A listener process exited: an event it held goes back to the head of the buffer. */
  listenerExited(name: string): PoolAction[] {
    const listener = this.listeners.get(name);
    if (listener === undefined) return [];
    listener.running = false;
    const held = listener.event;
    listener.event = null;
    if (held === null) return [];
    return [
      { kind: 'rejected', listener: name, serial: held.serial, byResult: false },
      ...this.accept(held, true),
      ...this.dispatch(),
    ];
  }

  /** What a listener wrote to stdout. */
  listenerOutput(name: string, data: Uint8Array): PoolAction[] {
    const listener = this.listeners.get(name);
    if (listener === undefined) return [];
    const actions: PoolAction[] = [];
    let from = listener.protocol.state;
    const changed = (to: ListenerState): void => {
      actions.push({ kind: 'state', listener: name, from, to });
      from = to;
    };
    for (const outcome of listener.protocol.feed(data)) {
      const held = listener.event;
      if (outcome.kind === 'ready') changed('READY');
      if (outcome.kind === 'result' && held !== null) {
        listener.event = null;
        if (outcome.accepted) actions.push({ kind: 'processed', listener: name, serial: held.serial });
        else
          actions.push(
            { kind: 'rejected', listener: name, serial: held.serial, byResult: true },
            ...this.accept(held, true),
          );
        changed('ACKNOWLEDGED');
      } else if (outcome.kind === 'result') {
        changed('ACKNOWLEDGED');
      } else if (outcome.kind === 'protocol-error') {
        actions.push({ kind: 'protocol-error', listener: name, reason: outcome.reason });
        changed('UNKNOWN');
        listener.event = null;
        if (outcome.rejectEvent && held !== null) {
          actions.push(
            { kind: 'rejected', listener: name, serial: held.serial, byResult: false },
            ...this.accept(held, true),
          );
        }
      }
    }
    return [...actions, ...this.dispatch()];
  }

  /** Sends buffered events, oldest first, to READY listeners until one of the two runs out. */
  dispatch(): PoolAction[] {
    const actions: PoolAction[] = [];
    while (this.buffer.length > 0) {
      const target = [...this.listeners].find(([, l]) => l.running && l.protocol.state === 'READY');
      if (target === undefined) break;
      const [name, listener] = target;
      const next = this.buffer.shift() as Buffered;
      const data = eventEnvelope(next.event.type, eventPayload(next.event), {
        server: this.config.server,
        serial: next.serial,
        pool: this.config.name,
        poolSerial: next.poolSerial,
      });
      listener.protocol.eventSent();
      listener.event = next;
      actions.push({ kind: 'send', listener: name, data, serial: next.serial });
    }
    return actions;
  }

  private accept(item: Buffered, head: boolean): PoolAction[] {
    const actions: PoolAction[] = [];
    if (this.buffer.length >= this.config.bufferSize && this.buffer.length > 0) {
      const discarded = this.buffer.shift() as Buffered;
      this.droppedCount++;
      actions.push({ kind: 'overflow', discardedSerial: discarded.serial, droppedTotal: this.droppedCount });
    }
    if (head) this.buffer.unshift(item);
    else this.buffer.push(item);
    return actions;
  }
}
