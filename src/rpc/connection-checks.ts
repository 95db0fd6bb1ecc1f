// Node's HTTP server checks the header and request deadlines (headersTimeout, requestTimeout) on an
// interval that runs from listen to close, connections or not: with nobody connected that is one
// wake-up of the supervisor every checkIntervalMs for nothing. This runs Node's own check, at the
// same interval, only while at least one connection is open. Node keeps the interval under a symbol
// (http.server.connectionsCheckingInterval); if a Node.js release changes that, its interval stays.
import type { Server } from 'node:http';
import type { Server as NetServer } from 'node:net';

const INTERVAL = 'http.server.connectionsCheckingInterval';

type Slots = Record<symbol, NodeJS.Timeout | undefined>;

export interface ConnectionChecks {
  /** Whether the deadline check is running now. */
  running(): boolean;
}

/** Call once the server listens (Node starts its interval on 'listening'). */
export function checkOnlyWhileConnected(server: Server | NetServer, intervalMs: number): ConnectionChecks {
  const slots = server as unknown as Slots;
  const key = Object.getOwnPropertySymbols(server).find((s) => s.description === INTERVAL);
  const timer = key === undefined ? undefined : slots[key];
  const check = (timer as { _onTimeout?: unknown } | undefined)?._onTimeout;
  if (key === undefined || typeof check !== 'function') return { running: () => true };
  clearInterval(timer);
  slots[key] = undefined;
  let open = 0;
  server.on('connection', (socket: NodeJS.EventEmitter) => {
    // Node's server.close() clears whatever interval the slot holds, so ours stops with it.
    if (open++ === 0) slots[key] = setInterval(check as () => void, intervalMs).unref();
    socket.once('close', () => {
      if (--open > 0) return;
      clearInterval(slots[key]);
      slots[key] = undefined;
    });
  });
  return { running: () => slots[key] !== undefined };
}
