// The page's live feed, as server-sent events: a `status` snapshot at once and after every state
// change (coalesced within one turn of the event loop), and the `notifications` list at once and
// whenever the notifier adds a file. Nothing runs while no page is open: the bus subscription and
// the directory watch exist only for the lifetime of a stream.
import type { ServerResponse } from 'node:http';
import type { ApiContext } from '../rpc/api/context.js';
import type { SupervisorEvent } from '../events/event-payload.js';
import { newestNotifications, type NotificationWatch } from './notification-feed.js';
import { statusSnapshot } from './status-snapshot.js';

/** How long the browser waits before reconnecting (EventSource's `retry`), e.g. across a restart. */
const RETRY_MS = 1000;

export interface LiveFeed {
  readonly ctx: ApiContext;
  /** The notifications directory and its shared watch; null when no notifier is configured. */
  readonly notifications: { readonly dir: string; readonly watch: NotificationWatch } | null;
}

/** Serves one stream until the client leaves, the server closes, or the session ends (restart). */
export function streamLiveEvents(res: ServerResponse, feed: LiveFeed): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Accel-Buffering': 'no',
  });
  res.write(`retry: ${RETRY_MS}\n\n`);
  const cleanups: (() => void)[] = [];
  const end = (): void => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    res.end();
  };
  // The response closes when the client leaves or the server closes the connection.
  res.once('close', end);

  const session = feed.ctx.session();
  send(res, 'status', statusSnapshot(feed.ctx));
  if (feed.notifications !== null) {
    const { dir, watch } = feed.notifications;
    send(res, 'notifications', newestNotifications(dir));
    cleanups.push(watch.subscribe(() => send(res, 'notifications', newestNotifications(dir))));
  } else send(res, 'notifications', null);
  // Between two sessions there is nothing to follow: the browser reconnects in RETRY_MS.
  if (session === null) return end();

  let pending = false;
  const push = (): void => {
    if (pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      if (!res.writableEnded) send(res, 'status', statusSnapshot(feed.ctx));
    });
  };
  cleanups.push(
    session.supervisor.bus.subscribe((event: SupervisorEvent) => {
      if (event.type.startsWith('PROCESS_STATE') || event.type.startsWith('PROCESS_GROUP')) push();
      else if (event.type === 'SUPERVISOR_STATE_CHANGE_STOPPING') {
        send(res, 'status', statusSnapshot(feed.ctx));
        // This session's bus goes quiet; the reconnect follows the next one.
        setImmediate(end);
      }
    }),
  );
}

function send(res: ServerResponse, event: string, data: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
