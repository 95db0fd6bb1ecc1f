// /metrics in the Prometheus text format, written by prom-client from the facts of one scrape:
// node_exporter's supervisord collector names and labels (so its dashboards work unchanged), then
// ours under `modulus_`, then the supervisor's own `process_*` metrics under their usual names.
// A fresh registry per scrape: a removed program leaves no stale series behind.
import { Counter, Gauge, Registry } from 'prom-client';
import type { MetricsFacts } from './metrics-facts.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string | number>;

export async function metricsText(facts: MetricsFacts): Promise<string> {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []): Gauge =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const counter = (name: string, help: string, labelNames: string[] = []): Counter =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const ids = ['name', 'group'];

  // node_exporter's collector/supervisord.go: the same names, help texts, labels and rules.
  const up = gauge('node_supervisord_up', 'Process Up', ids);
  const state = gauge('node_supervisord_state', 'Process State', ids);
  const exit = gauge('node_supervisord_exit_status', 'Process Exit Status', ids);
  const start = counter('node_supervisord_start_time_seconds', 'Process start time', ids);
  const restarts = counter('modulus_process_restarts_total', 'Starts of the process after its first', ids);
  const cpu = counter(
    'modulus_process_cpu_seconds_total',
    'User and system CPU time of the process (not its children), from /proc',
    ids,
  );
  const rss = gauge(
    'modulus_process_resident_memory_bytes',
    'Resident memory of the process, from /proc',
    ids,
  );
  const written = counter(
    'modulus_log_written_bytes_total',
    'Bytes written to the log file of a stream since the supervisor opened it',
    [...ids, 'stream'],
  );
  const lost = counter(
    'modulus_log_lost_bytes_total',
    'Bytes of output that could not be written to the log (e.g. a full disk)',
    [...ids, 'stream'],
  );
  for (const p of facts.processes) {
    const labels: Labels = { name: p.name, group: p.group };
    up.set(labels, p.up ? 1 : 0);
    state.set(labels, p.stateCode);
    exit.set(labels, p.exitStatus);
    // node_exporter reports a start time only for a process that is up.
    if (p.up) start.inc(labels, p.startTime);
    restarts.inc(labels, p.restarts);
    if (p.usage !== null) {
      cpu.inc(labels, p.usage.cpuSeconds);
      rss.set(labels, p.usage.residentBytes);
    }
    for (const log of p.logs) {
      written.inc({ ...labels, stream: log.stream }, log.written);
      lost.inc({ ...labels, stream: log.stream }, log.lost);
    }
  }

  if (facts.notifications !== null) {
    const notes = gauge('modulus_notifications', 'Notification files kept in the notifications directory', [
      'type',
    ]);
    for (const [type, count] of facts.notifications) notes.set({ type }, count);
  }
  const drops = counter(
    'modulus_eventlistener_dropped_events_total',
    "Events dropped because an event listener pool's buffer was full",
    ['pool'],
  );
  for (const [pool, count] of facts.listenerDrops) drops.inc({ pool }, count);

  const s = facts.supervisor;
  gauge('modulus_supervisor_info', 'The supervisor, its version and identity', [
    'version',
    'identifier',
    'hostname',
  ]).set({ version: s.version, identifier: s.identifier, hostname: s.hostname }, 1);
  gauge(
    'modulus_supervisor_state',
    'The supervisor state (supervisord codes: 1 RUNNING, 0 RESTARTING, -1 SHUTDOWN)',
  ).set(s.stateCode);
  gauge('process_start_time_seconds', 'Start time of the supervisor since the Unix epoch, in seconds').set(
    s.startTime,
  );
  counter('process_cpu_seconds_total', 'User and system CPU time of the supervisor, in seconds').inc(
    s.cpuSeconds,
  );
  gauge('process_resident_memory_bytes', 'Resident memory of the supervisor, in bytes').set(s.residentBytes);
  gauge('process_heap_bytes', "The supervisor's JavaScript heap in use, in bytes").set(s.heapBytes);
  if (s.openFds !== null) gauge('process_open_fds', 'Open file descriptors of the supervisor').set(s.openFds);
  return registry.metrics();
}
