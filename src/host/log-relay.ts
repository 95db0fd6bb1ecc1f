// Copies what the app writes to app.log onto our stdout while `modulus run` is in the foreground:
// from where the file ended before this run started, across rotations, with stdout's backpressure.
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { followLog } from '../logs/follow.js';

export interface LogMark {
  readonly ino: number;
  readonly size: number;
}

/** Where app.log ends now (before the supervisor starts), so the relay shows only this run's lines. */
export function markLog(file: string): LogMark | undefined {
  try {
    const st = statSync(file);
    return { ino: st.ino, size: st.size };
  } catch {
    return undefined;
  }
}

export interface LogRelay {
  /** Waits until the relay has shown everything written so far (quiet for a moment), then ends it. */
  finish(): Promise<void>;
}

const POLL_MS = 100;

export function relayLog(file: string, mark: LogMark | undefined, out: NodeJS.WritableStream): LogRelay {
  const controller = new AbortController();
  let lastChunkAt = Date.now();
  const done = (async () => {
    let st: { ino: number; size: number } | undefined;
    while (!controller.signal.aborted && !(st = markLog(file)))
      await sleep(POLL_MS, undefined, { signal: controller.signal }).catch(() => undefined);
    if (!st) return;
    // The same file as before the run: start where it ended; a new or rotated one: from its start.
    const head = mark && mark.ino === st.ino && st.size >= mark.size ? st.size - mark.size : st.size;
    try {
      for await (const chunk of followLog(file, { head, signal: controller.signal, pollMs: POLL_MS })) {
        lastChunkAt = Date.now();
        if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
      }
    } catch (err) {
      process.stderr.write(`modulus run: stopped showing ${file}: ${(err as Error).message}\n`);
    }
  })();
  return {
    async finish() {
      // The writers are gone by now: a few polls without news mean the relay has caught up.
      const asked = Date.now();
      const deadline = asked + 3000;
      while (Date.now() - Math.max(lastChunkAt, asked) < 3 * POLL_MS && Date.now() < deadline)
        await sleep(POLL_MS);
      controller.abort();
      // A relay stuck on a stdout nobody reads any more must not hold up the exit.
      await Promise.race([done, sleep(1000)]);
    },
  };
}
