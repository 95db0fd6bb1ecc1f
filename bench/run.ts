// The benchmark: runs every scenario against our supervisor and Debian's supervisord in one run, prints
// the tables and writes them to bench/RESULTS.md. Usage: node build/bench/run.js [--quick] [--only a,b]
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { MODULUS_BIN, SUPERVISORD_BIN, cleanupAll, commandVersion } from './harness.js';
import { SUPERVISORCTL_BIN } from './control.js';
import { recordedRegressions, TOLERANCE } from './baselines.js';
import { toMarkdown, toText, type Section } from './report.js';
import { idleCpu } from './scenarios/idle-cpu.js';
import { imageStart } from './scenarios/image-start.js';
import { logThroughput } from './scenarios/log-throughput.js';
import { nodeStart } from './scenarios/node-start.js';
import { manyPrograms } from './scenarios/many-programs.js';
import { metricsScrape } from './scenarios/metrics-scrape.js';
import { restartLatency } from './scenarios/restart-latency.js';
import { restartVisibility } from './scenarios/restart-visibility.js';
import { spawnCost } from './scenarios/spawn-cost.js';
import { statusRoundTrip } from './scenarios/status-round-trip.js';

const RESULTS = new URL('../../bench/RESULTS.md', import.meta.url);

const USAGE = `usage: node build/bench/run.js [options]
  --quick          100 MB of logs, 2 runs, supervisord skips 400 programs, 15 s idle window
  --mb N           megabytes for the log throughput scenario (default 500)
  --runs N         runs per runner for the log throughput scenario (default 5)
  --restarts N     restarts sampled by the restart scenario (default 20)
  --counts A,B,C   program counts for the many-programs scenario (default 10,100,400)
  --status-runs N  runs per client and server for the status round trip (default 15)
  --idle-seconds N idle CPU window (default 60)
  --kills N        kills sampled by the visibility scenario (default 10)
  --image-rounds N starts per image for the image scenario (default 7; --quick 3)
  --image-build    time no-cache builds of both images (the default, except with --quick)
  --no-image-build skip the no-cache builds
  --baseline FILE  another bundle of ours (e.g. main's dist/modulus.js) beside ours in the log, spawn and start scenarios
  --start-runs N   rounds of the start scenario (default 15)
  --only LIST      comma-separated subset of: log,restart,many,status,idle,visibility,image,spawn,start,metrics
  --no-write       print only; leave bench/RESULTS.md as it is`;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    mb: { type: 'string' },
    runs: { type: 'string' },
    restarts: { type: 'string', default: '20' },
    counts: { type: 'string', default: '10,100,400' },
    'status-runs': { type: 'string', default: '15' },
    'idle-seconds': { type: 'string' },
    kills: { type: 'string', default: '10' },
    'image-rounds': { type: 'string' },
    'image-build': { type: 'boolean', default: false },
    'no-image-build': { type: 'boolean', default: false },
    'start-runs': { type: 'string', default: '15' },
    only: { type: 'string', default: 'log,restart,many,status,idle,visibility,image,spawn,start,metrics' },
    baseline: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`--${name}: expected a positive integer, got "${text}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

function machine(): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return [
    `- date: ${new Date().toISOString()}`,
    `- machine: ${os.availableParallelism()} CPUs (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory, ` +
      `Linux ${os.release()}, temp dir ${os.tmpdir()} on ${commandVersion('stat', ['-f', '-c', '%T', os.tmpdir()])}`,
    `- ours: modulus ${commandVersion(process.execPath, [MODULUS_BIN, '--version'])} (dist/modulus.js) on Node.js ${process.version}`,
    `- reference: supervisord ${commandVersion(SUPERVISORD_BIN, ['-v'])} (Debian) on ${commandVersion('/usr/bin/python3', ['--version'])}`,
    `- load average at start: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (the machine may be shared: a wide gap between best and median means noise)`,
  ];
}

async function main(): Promise<void> {
  if (values.help) return console.log(USAGE);
  for (const [file, hint] of [
    [MODULUS_BIN, 'build it first: npm run build'],
    [SUPERVISORD_BIN, 'install the reference: apt-get install supervisor'],
    [SUPERVISORCTL_BIN, 'install the reference: apt-get install supervisor'],
  ] as const) {
    if (!fs.existsSync(file)) throw new Error(`${file} not found; ${hint}`);
  }
  const quick = values.quick;
  const only = new Set(values.only.split(','));
  const counts = values.counts.split(',').map((c) => positive('counts', c));
  const options = {
    megabytes: positive('mb', values.mb ?? (quick ? '100' : '500')),
    runs: positive('runs', values.runs ?? (quick ? '2' : '5')),
    restarts: positive('restarts', values.restarts),
  };
  const header = machine();
  console.log(header.join('\n'));
  const sections: Section[] = [];
  const started = Date.now();
  const scenarios: Array<[string, () => Promise<Section[]>]> = [
    ['log', () => logThroughput({ ...options, baseline: values.baseline })],
    ['restart', () => restartLatency(options)],
    ['many', () => manyPrograms({ counts, skipSupervisordAt: quick ? counts.filter((c) => c > 100) : [] })],
    [
      'status',
      () => statusRoundTrip({ programs: 100, runs: positive('status-runs', values['status-runs']) }),
    ],
    [
      'idle',
      () =>
        idleCpu({
          programs: 100,
          seconds: positive('idle-seconds', values['idle-seconds'] ?? (quick ? '15' : '60')),
        }),
    ],
    ['visibility', () => restartVisibility({ kills: positive('kills', values.kills) })],
    ['spawn', () => spawnCost({ restarts: options.restarts, baseline: values.baseline })],
    [
      'start',
      () => nodeStart({ runs: positive('start-runs', values['start-runs']), baseline: values.baseline }),
    ],
    [
      'metrics',
      () =>
        metricsScrape({
          programs: 100,
          runs: positive('status-runs', values['status-runs']) * 2,
          idleSeconds: quick ? 5 : 15,
        }),
    ],
    [
      'image',
      () =>
        imageStart({
          rounds: positive('image-rounds', values['image-rounds'] ?? (quick ? '3' : '7')),
          build: values['image-build'] || (!quick && !values['no-image-build']),
        }),
    ],
  ];
  for (const [name, scenario] of scenarios) {
    if (!only.has(name)) continue;
    console.error(`scenario ${name} ...`);
    for (const section of await scenario()) {
      sections.push(section);
      console.log(`\n${toText(section)}`);
    }
  }
  const took = `${((Date.now() - started) / 1000).toFixed(0)} s`;
  console.log(`\nbench took ${took}`);
  if (values['no-write']) return;
  const argv = process.argv.slice(2).join(' ') || '(defaults)';
  const markdown = [
    '# Benchmark results',
    '',
    'Generated by `npm run bench` (bench/run.ts); do not edit by hand, run it again. See bench/README.md.',
    '',
    ...header,
    `- options: ${argv}; the whole run took ${took}; load average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    '',
    ...sections.map((s) => `${toMarkdown(s)}\n`),
  ].join('\n');
  fs.writeFileSync(RESULTS, markdown);
  console.log(`wrote ${RESULTS.pathname}`);
}

/** Loud, last, and the exit status: a figure issue 14 keeps got more than 20 % worse. */
function reportRegressions(): void {
  const found = recordedRegressions();
  if (found.length === 0) return;
  const limit = `${Math.round((TOLERANCE - 1) * 100)} %`;
  console.error(
    `\n!!! REGRESSION: ${found.length} kept figure(s) more than ${limit} worse than bench/baselines.ts:`,
  );
  for (const line of found) console.error(`!!!   ${line}`);
  process.exitCode = 1;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    cleanupAll();
    process.exit(130);
  });
}

try {
  await main();
  reportRegressions();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
} finally {
  cleanupAll();
}
