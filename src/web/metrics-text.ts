// /metrics from the facts of one scrape: node_exporter's supervisord collector names, help texts and
// labels (so its dashboards work unchanged), then ours under `modulus_`, then the supervisor's own
// `process_*` metrics under the names client libraries give them.
import type { MetricsFacts, ProcessFacts } from './metrics-facts.js';
import { renderFamilies, type MetricFamily, type MetricType, type Sample } from './prom-text.js';

export { METRICS_CONTENT_TYPE } from './prom-text.js';

type Pick = (p: ProcessFacts) => number | null;

export function metricsText(facts: MetricsFacts): string {
  const ids = (p: ProcessFacts): Record<string, string> => ({ name: p.name, group: p.group });
  const perProcess = (name: string, help: string, type: MetricType, pick: Pick): MetricFamily => ({
    name,
    help,
    type,
    samples: facts.processes.flatMap((p) => {
      const value = pick(p);
      return value === null ? [] : [{ labels: ids(p), value }];
    }),
  });
  const perStream = (name: string, help: string, pick: (log: ProcessFacts['logs'][number]) => number) => ({
    name,
    help,
    type: 'counter' as const,
    samples: facts.processes.flatMap((p) =>
      p.logs.map((log) => ({ labels: { ...ids(p), stream: log.stream }, value: pick(log) })),
    ),
  });
  const one = (name: string, help: string, type: MetricType, value: number | null): MetricFamily => ({
    name,
    help,
    type,
    samples: value === null ? [] : [{ value }],
  });
  const s = facts.supervisor;
  const byKey = (map: ReadonlyMap<string, number>, label: string): Sample[] =>
    [...map].map(([key, value]) => ({ labels: { [label]: key }, value }));
  return renderFamilies([
    // node_exporter's collector/supervisord.go: the same names, help texts, labels and rules.
    perProcess('node_supervisord_up', 'Process Up', 'gauge', (p) => (p.up ? 1 : 0)),
    perProcess('node_supervisord_state', 'Process State', 'gauge', (p) => p.stateCode),
    perProcess('node_supervisord_exit_status', 'Process Exit Status', 'gauge', (p) => p.exitStatus),
    // It reports a start time only for a process that is up.
    perProcess('node_supervisord_start_time_seconds', 'Process start time', 'counter', (p) =>
      p.up ? p.startTime : null,
    ),
    perProcess(
      'modulus_process_restarts_total',
      'Starts of the process after its first',
      'counter',
      (p) => p.restarts,
    ),
    perProcess(
      'modulus_process_cpu_seconds_total',
      'User and system CPU time of the process (not its children), from /proc',
      'counter',
      (p) => p.usage?.cpuSeconds ?? null,
    ),
    perProcess(
      'modulus_process_resident_memory_bytes',
      'Resident memory of the process, from /proc',
      'gauge',
      (p) => p.usage?.residentBytes ?? null,
    ),
    perStream(
      'modulus_log_written_bytes_total',
      'Bytes written to the log file of a stream since the supervisor opened it',
      (log) => log.written,
    ),
    perStream(
      'modulus_log_lost_bytes_total',
      'Bytes of output that could not be written to the log (e.g. a full disk)',
      (log) => log.lost,
    ),
    {
      name: 'modulus_notifications',
      help: 'Notification files kept in the notifications directory',
      type: 'gauge',
      samples: facts.notifications === null ? [] : byKey(facts.notifications, 'type'),
    },
    {
      name: 'modulus_eventlistener_dropped_events_total',
      help: "Events dropped because an event listener pool's buffer was full",
      type: 'counter',
      samples: byKey(facts.listenerDrops, 'pool'),
    },
    {
      name: 'modulus_supervisor_info',
      help: 'The supervisor, its version and identity',
      type: 'gauge',
      samples: [{ labels: { version: s.version, identifier: s.identifier, hostname: s.hostname }, value: 1 }],
    },
    one(
      'modulus_supervisor_state',
      'The supervisor state (supervisord codes: 1 RUNNING, 0 RESTARTING, -1 SHUTDOWN)',
      'gauge',
      s.stateCode,
    ),
    one(
      'process_start_time_seconds',
      'Start time of the supervisor since the Unix epoch, in seconds',
      'gauge',
      s.startTime,
    ),
    one(
      'process_cpu_seconds_total',
      'User and system CPU time of the supervisor, in seconds',
      'counter',
      s.cpuSeconds,
    ),
    one(
      'process_resident_memory_bytes',
      'Resident memory of the supervisor, in bytes',
      'gauge',
      s.residentBytes,
    ),
    one('process_heap_bytes', "The supervisor's JavaScript heap in use, in bytes", 'gauge', s.heapBytes),
    one('process_open_fds', 'Open file descriptors of the supervisor', 'gauge', s.openFds),
  ]);
}
