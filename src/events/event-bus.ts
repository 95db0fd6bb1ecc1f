// The supervisor's event bus: one instance per supervisor (no global), numbering every event
// with supervisord's global serial and handing it to each subscriber (listener pools, the
// notifier, tests) in publication order.
import type { SupervisorEvent } from './event-payload.js';

export type EventSubscriber = (event: SupervisorEvent, serial: number) => void;

export class EventBus {
  private serial = 0;
  private readonly subscribers = new Set<EventSubscriber>();

  subscribe(subscriber: EventSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  publish(event: SupervisorEvent): void {
    this.serial += 1;
    for (const subscriber of [...this.subscribers]) {
      try {
        subscriber(event, this.serial);
      } catch {
        // A subscriber's bug must not stop the others or the supervisor.
      }
    }
  }

  /** The serial of the last event published. */
  get lastSerial(): number {
    return this.serial;
  }
}
