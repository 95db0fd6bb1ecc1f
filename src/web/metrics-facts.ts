// Everything /metrics reports, gathered at scrape time and only then: each process's state, exit
// status, start time and restarts (from the supervisor), its CPU and memory (from /proc), its log
// bytes written and lost, the notifications kept per type, listener buffer drops, and the
// supervisor's own process.
import { readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { VERSION } from '../supervisor/version.js';
import type { ApiContext } from '../rpc/api/context.js';
import { exitStatus } from '../rpc/api/process-info.js';
import { NOTIFICATION_NAME } from '../notify/writer.js';
import { PROCESS_STATE_CODES, SIGNALLABLE_STATES, SUPERVISOR_STATE_CODES } from '../supervisor/states.js';
import { readProcUsage, type ProcUsage } from './proc-stat.js';

export interface ProcessFacts {
  readonly name: string;
  readonly group: string;
  readonly stateCode: number;
  /** STARTING, RUNNING or STOPPING: node_exporter's "up". */
  readonly up: boolean;
  /** getProcessInfo's exitstatus. */
  readonly exitStatus: number;
  /** Wall-clock seconds of the last start; 0 when never started. */
  readonly startTime: number;
  readonly restarts: number;
  readonly usage: ProcUsage | null;
  readonly logs: readonly { stream: 'stdout' | 'stderr'; written: number; lost: number }[];
}

export interface MetricsFacts {
  readonly supervisor: {
    readonly identifier: string;
    readonly hostname: string;
    readonly version: string;
    readonly stateCode: number;
    readonly startTime: number;
    readonly cpuSeconds: number;
    readonly residentBytes: number;
    readonly heapBytes: number;
    readonly openFds: number | null;
  };
  readonly processes: readonly ProcessFacts[];
  /** Files in the notifications directory by type; null without a notifier. */
  readonly notifications: ReadonlyMap<string, number> | null;
  readonly listenerDrops: ReadonlyMap<string, number>;
}

export function gatherMetricsFacts(ctx: ApiContext, notificationsDir: string | null): MetricsFacts {
  const session = ctx.session();
  const processes: ProcessFacts[] = [];
  if (session !== null) {
    for (const group of session.supervisor.groups.values()) {
      for (const p of group.processes.values()) {
        const up = SIGNALLABLE_STATES.includes(p.state);
        processes.push({
          name: p.name,
          group: p.group,
          stateCode: PROCESS_STATE_CODES[p.state],
          up,
          exitStatus: exitStatus(p),
          startTime: Math.trunc(p.startedAtWall),
          restarts: Math.max(0, p.spawnCount - 1),
          usage: up ? readProcUsage(p.pid) : null,
          logs: (['stdout', 'stderr'] as const).flatMap((stream) => {
            const file = session.logs.file(p.config, stream);
            return file === undefined ? [] : [{ stream, written: file.bytesWritten, lost: file.bytesLost }];
          }),
        });
      }
    }
  }
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    supervisor: {
      identifier: session?.supervisor.config.supervisord.identifier ?? '',
      hostname: hostname(),
      version: VERSION,
      stateCode: SUPERVISOR_STATE_CODES[session?.supervisor.state ?? 'RESTARTING'],
      startTime: Date.now() / 1000 - process.uptime(),
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      residentBytes: memory.rss,
      heapBytes: memory.heapUsed,
      openFds: countOpenFds(),
    },
    processes,
    notifications: notificationsDir === null ? null : countNotifications(notificationsDir),
    listenerDrops: session?.pools?.dropped() ?? new Map(),
  };
}

/** Notification files by type, from their names (`….crash.json`); an empty map without the directory. */
export function countNotifications(dir: string): Map<string, number> {
  const counts = new Map<string, number>();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return counts;
  }
  for (const name of names) {
    if (!NOTIFICATION_NAME.test(name)) continue;
    const type = name.split('.').at(-2)!;
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}

function countOpenFds(): number | null {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return null;
  }
}
