// Storm control: at most one notification per program and type per window. The first event is
// passed on at once; later ones in the window are held, and the latest is passed on when the window
// ends, saying how many events it stands for.
import type { NotificationRecord } from './record.js';

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

interface Held {
  record: NotificationRecord;
  count: number;
  first: string;
  timer: unknown;
}

interface Slot {
  lastEmit: number;
  held: Held | null;
}

export class Coalescer {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly windowMs: number,
    private readonly emit: (record: NotificationRecord) => void,
    private readonly clock: () => number = Date.now,
    private readonly timers: Timers = REAL_TIMERS,
  ) {}

  offer(record: NotificationRecord): void {
    const program = `${record.group ?? ''}\0${record.program ?? ''}`;
    const key = `${program}\0${record.type}`;
    const now = this.clock();
    const slot = this.slots.get(key);
    if (this.windowMs <= 0 || !slot || (slot.held === null && now - slot.lastEmit >= this.windowMs)) {
      // What is held for this program goes first, so its files read in the order things happened
      // (the spawn errors, then the FATAL they led to).
      for (const [k, other] of this.slots) {
        if (k.startsWith(`${program}\0`) && other.held) {
          this.timers.clear(other.held.timer);
          this.release(other);
        }
      }
      this.prune(now);
      this.slots.set(key, { lastEmit: now, held: null });
      this.emit(record);
      return;
    }
    if (slot.held) {
      slot.held.record = record;
      slot.held.count++;
      return;
    }
    const delay = Math.max(0, slot.lastEmit + this.windowMs - now);
    const timer = this.timers.set(() => this.release(slot), delay);
    slot.held = { record, count: 1, first: record.time, timer };
  }

  /** Passes on everything held (at shutdown). */
  flush(): void {
    for (const slot of this.slots.values()) {
      if (slot.held) {
        this.timers.clear(slot.held.timer);
        this.release(slot);
      }
    }
  }

  /** Held events, for tests and diagnostics. */
  get pending(): number {
    let n = 0;
    for (const slot of this.slots.values()) n += slot.held?.count ?? 0;
    return n;
  }

  private release(slot: Slot): void {
    const held = slot.held;
    if (!held) return;
    slot.held = null;
    slot.lastEmit = this.clock();
    const coalesced =
      held.count > 1 ? { count: held.count, first: held.first, last: held.record.time } : null;
    this.emit({ ...held.record, coalesced });
  }

  /** Forgets quiet slots so a long run with many programs keeps a small map. */
  private prune(now: number): void {
    if (this.slots.size < 256) return;
    for (const [key, slot] of this.slots) {
      if (slot.held === null && now - slot.lastEmit >= this.windowMs) this.slots.delete(key);
    }
  }
}
