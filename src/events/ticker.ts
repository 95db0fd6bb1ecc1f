// TICK_5, TICK_60 and TICK_3600: supervisord emits each when the clock enters a new period of
// that length. One timer, set for the next 5-second boundary, serves all three (the idle cost
// is one wake-up every 5 s).
import type { EventBus } from './event-bus.js';
import { tickWhen } from './event-payload.js';

const PERIODS = [
  [5, 'TICK_5'],
  [60, 'TICK_60'],
  [3600, 'TICK_3600'],
] as const;

/** The ticks due at `nowSecs` given the period starts last seen; updates `last`. */
export function dueTicks(
  last: Map<number, number>,
  nowSecs: number,
): Array<{ type: (typeof PERIODS)[number][1]; when: number }> {
  const due = [];
  for (const [period, type] of PERIODS) {
    const when = tickWhen(period, nowSecs);
    const previous = last.get(period);
    last.set(period, when);
    if (previous !== undefined && when > previous) due.push({ type, when });
  }
  return due;
}

export function startTicker(bus: EventBus, clock: () => number = () => Date.now()): () => void {
  const last = new Map<number, number>();
  dueTicks(last, Math.floor(clock() / 1000));
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    const ms = 5000 - (clock() % 5000) + 5;
    timer = setTimeout(() => {
      for (const tick of dueTicks(last, Math.floor(clock() / 1000))) bus.publish(tick);
      arm();
    }, ms);
    // Ticks alone never keep the supervisor alive.
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
