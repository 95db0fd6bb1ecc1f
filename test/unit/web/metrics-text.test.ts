// The /metrics text from the facts of one scrape: node_exporter's names, labels and rules (a start
// time only while up), ours beside them, label values escaped, and output Prometheus can parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MetricsFacts, ProcessFacts } from '../../../src/web/metrics-facts.js';
import { metricsText } from '../../../src/web/metrics-text.js';

const proc = (over: Partial<ProcessFacts>): ProcessFacts => ({
  name: 'web',
  group: 'web',
  stateCode: 20,
  up: true,
  exitStatus: 0,
  startTime: 1_800_000_000,
  restarts: 2,
  usage: { cpuSeconds: 1.5, residentBytes: 4096 },
  logs: [{ stream: 'stdout', written: 100, lost: 5 }],
  ...over,
});

const facts: MetricsFacts = {
  supervisor: {
    identifier: 'sup',
    hostname: 'host',
    version: '0.1.0',
    stateCode: 1,
    startTime: 1_799_999_000,
    cpuSeconds: 0.25,
    residentBytes: 50_000_000,
    heapBytes: 10_000_000,
    openFds: 20,
  },
  processes: [
    proc({}),
    proc({ name: 'a"b\\c\nd', group: 'g', stateCode: 100, up: false, exitStatus: 3, usage: null, logs: [] }),
  ],
  notifications: new Map([['crash', 4]]),
  listenerDrops: new Map([['notify', 7]]),
};

test("node_exporter's series, with its labels, and a start time only for a process that is up", async () => {
  const text = metricsText(facts);
  assert.match(text, /^node_supervisord_up\{name="web",group="web"\} 1$/m);
  assert.match(text, /^node_supervisord_state\{name="web",group="web"\} 20$/m);
  assert.match(text, /^node_supervisord_exit_status\{name="a\\"b\\\\c\\nd",group="g"\} 3$/m);
  assert.match(text, /^node_supervisord_start_time_seconds\{name="web",group="web"\} 1800000000$/m);
  assert.doesNotMatch(text, /^node_supervisord_start_time_seconds\{name="a/m);
  assert.match(text, /^node_supervisord_up\{name="a\\"b\\\\c\\nd",group="g"\} 0$/m);
});

test('ours: restarts, CPU, memory, log bytes, notifications, drops and the supervisor itself', async () => {
  const text = metricsText(facts);
  for (const line of [
    'modulus_process_restarts_total{name="web",group="web"} 2',
    'modulus_process_cpu_seconds_total{name="web",group="web"} 1.5',
    'modulus_process_resident_memory_bytes{name="web",group="web"} 4096',
    'modulus_log_written_bytes_total{name="web",group="web",stream="stdout"} 100',
    'modulus_log_lost_bytes_total{name="web",group="web",stream="stdout"} 5',
    'modulus_notifications{type="crash"} 4',
    'modulus_eventlistener_dropped_events_total{pool="notify"} 7',
    'modulus_supervisor_info{version="0.1.0",identifier="sup",hostname="host"} 1',
    'modulus_supervisor_state 1',
    'process_cpu_seconds_total 0.25',
    'process_resident_memory_bytes 50000000',
    'process_open_fds 20',
  ]) {
    assert.ok(text.split('\n').includes(line), `missing: ${line}\n${text}`);
  }
});

test('every line is a comment, blank or a sample of the text format', async () => {
  const sample =
    /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\["\\n])*",?)*\})? -?[0-9.e+]+$/;
  for (const line of metricsText(facts).split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    assert.match(line, sample);
  }
});

test('without a notifier there is no notifications family', async () => {
  assert.doesNotMatch(metricsText({ ...facts, notifications: null }), /modulus_notifications/);
});
