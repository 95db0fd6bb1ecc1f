// What the page shows at one moment, as JSON: the supervisor (identifier, versions, hostname, pid,
// state, start time) and one row per process (event listeners too, as supervisord lists them) with getProcessInfo's fields, its namespec and its
// restart count. Built only when a page asks or a state changes while one is open.
import { hostname } from 'node:os';
import { SUPERVISORD_VERSION, VERSION } from '../supervisor/version.js';
import { namespec, wallNow, type ApiContext } from '../rpc/api/context.js';
import { processInfo } from '../rpc/api/process-info.js';
import type { XmlRpcStruct } from '../rpc/xmlrpc-value.js';

export interface StatusSnapshot {
  readonly supervisor: {
    readonly identifier: string;
    readonly version: string;
    readonly supervisordVersion: string;
    readonly hostname: string;
    readonly pid: number;
    /** RUNNING, RESTARTING or SHUTDOWN; RESTARTING between two sessions. */
    readonly state: string;
    /** Wall-clock seconds when this supervisor process started. */
    readonly startTime: number;
  };
  /** Wall-clock seconds of the snapshot; the page counts uptimes on from it. */
  readonly now: number;
  readonly processes: readonly (XmlRpcStruct & { namespec: string; restarts: number })[];
}

export function statusSnapshot(ctx: ApiContext): StatusSnapshot {
  const session = ctx.session();
  const now = wallNow(ctx);
  const processes = [];
  if (session !== null) {
    const { supervisor, logs } = session;
    for (const group of supervisor.groups.values()) {
      for (const p of group.processes.values()) {
        processes.push({
          ...processInfo(p, logs, now),
          namespec: namespec(p),
          restarts: Math.max(0, p.spawnCount - 1),
        });
      }
    }
    processes.sort((a, b) => (a.namespec < b.namespec ? -1 : a.namespec > b.namespec ? 1 : 0));
  }
  return {
    supervisor: {
      identifier: session?.supervisor.config.supervisord.identifier ?? '',
      version: VERSION,
      supervisordVersion: SUPERVISORD_VERSION,
      hostname: hostname(),
      pid: process.pid,
      state: session?.supervisor.state ?? 'RESTARTING',
      startTime: Date.now() / 1000 - process.uptime(),
    },
    now,
    processes,
  };
}
