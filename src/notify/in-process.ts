// The notifier inside our supervisor ([modulus:notify]): the same Notifier, writer, caps and
// coalescing as `modulus notify`, fed from the event bus instead of an [eventlistener] pipe, and
// completed through the supervisor.* methods called in-process (the daemon passes them) instead of
// over XML-RPC. Each event
// is rendered with the payload function the listener protocol uses (src/events/event-payload.ts) and
// read back by the same parser, so both ways write the same records for the same events.
import type { NotifyConfig } from '../config/model.js';
import type { EventBus } from '../events/event-bus.js';
import { eventPayload, type SupervisorEvent } from '../events/event-payload.js';
import type { Rpc } from './enrich.js';
import { fdLineSink, wantsLineSink } from './line-sink.js';
import { Notifier } from './notifier.js';
import type { NotificationRecord } from './record.js';
import { NotificationWriter } from './writer.js';

export interface InProcessNotifierOptions {
  readonly config: NotifyConfig;
  /** Where the notifier's own lines go (the main log); `modulus notify` writes the same to stderr. */
  readonly log: (level: 'info' | 'error', message: string) => void;
  /** The supervisor.* methods the enrichment calls, in-process; null leaves output tails and spawn errors unknown. */
  readonly rpc: Rpc | null;
  /** Also writes each record as one JSON line here (the container's log: MODULUS_NOTIFY_STDOUT). */
  readonly lineSink?: (line: string) => void;
  /** Called after each record is written (its file name): further outputs hook in here. */
  readonly onWritten?: (name: string, record: NotificationRecord) => void;
}

export interface InProcessNotifier {
  /** Waits for the events in hand, writes what the coalescer holds, closes the directory. */
  close(): Promise<void>;
}

/** The event types `modulus notify` is subscribed to in the image config. */
function wanted(event: SupervisorEvent): boolean {
  return event.type.startsWith('PROCESS_STATE_') || event.type === 'REMOTE_COMMUNICATION';
}

export function startInProcessNotifier(bus: EventBus, options: InProcessNotifierOptions): InProcessNotifier {
  const { config, log } = options;
  const writer = NotificationWriter.open(config.dir, {
    maxFiles: config.maxFiles,
    maxBytes: config.maxBytes,
    lineSink: options.lineSink,
  });
  const notifier = new Notifier({
    writer,
    rpc: options.rpc,
    coalesceMs: config.coalesceSecs * 1000,
    onWritten: (name, r) => {
      log('info', `notify: wrote ${name} (${r.type} ${r.program ?? 'supervisor'})`);
      options.onWritten?.(name, r);
    },
    onError: (err) => log('error', `notify: ${err instanceof Error ? err.message : String(err)}`),
  });
  // One event at a time, in bus order, as the listener takes them: coalescing depends on the order.
  let queue: Promise<void> = Promise.resolve();
  const unsubscribe = bus.subscribe((event) => {
    if (!wanted(event)) return;
    const payload = eventPayload(event);
    queue = queue
      .then(() => notifier.handle(event.type, payload))
      .catch((err: unknown) => log('error', `notify: ${err instanceof Error ? err.message : String(err)}`));
  });
  return {
    async close() {
      unsubscribe();
      await queue;
      notifier.flush();
      writer.close();
    },
  };
}

/**
 * The daemon's hook: the notifier [modulus:notify] asks for, or null. A directory it cannot use is
 * logged and the programs run without notifications (as a failing `modulus notify` would leave them).
 */
export function notifierFor(
  config: { readonly notify?: NotifyConfig | null },
  bus: EventBus,
  rpc: Rpc | null,
  mainLog: { log(level: 'info' | 'error', message: string): void },
): InProcessNotifier | null {
  if (!config.notify) return null;
  let lineSink: ((line: string) => void) | undefined;
  try {
    // The supervisor's own stdout is the container's log.
    lineSink = wantsLineSink(process.env) ? fdLineSink(1) : undefined;
  } catch (err) {
    mainLog.log(
      'error',
      `notify: ${err instanceof Error ? err.message : String(err)}; no JSON lines on stdout`,
    );
  }
  try {
    return startInProcessNotifier(bus, {
      config: config.notify,
      rpc,
      lineSink,
      log: (l, m) => mainLog.log(l, m),
    });
  } catch (err) {
    const hint = err instanceof Error && 'hint' in err && err.hint ? ` (${String(err.hint)})` : '';
    mainLog.log(
      'error',
      `notify: ${err instanceof Error ? err.message : String(err)}${hint}; no notifications will be written`,
    );
    return null;
  }
}
