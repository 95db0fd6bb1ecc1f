// The dashboard's cost: with 100 programs, one GET /metrics (ours) against what node_exporter's
// supervisord collector must do per scrape of either supervisor (one getAllProcessInfo), against the
// floor of the same transport (a 404 on the same socket); /api/status, the page's snapshot, beside
// them. Then the cost when nobody looks: the supervisor's CPU and context switches over an idle window
// before any page was opened, and again after a page's event stream and a scrape have come and gone.
import { Agent, request } from 'node:http';
import {
  KINDS,
  LABEL,
  Supervisor,
  makeTempDir,
  median,
  nowMs,
  quantile,
  removeTempDir,
  type Kind,
} from '../harness.js';
import { controlSections, rpcClient, sleepers, socketPath, waitAllRunning } from '../control.js';
import { fixed, ratio, verdict, type Section } from '../report.js';

export interface MetricsScrapeOptions {
  programs: number;
  runs: number;
  idleSeconds: number;
}

function get(agent: Agent, socket: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path, agent, headers: { Host: 'localhost' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const at = nowMs();
  const value = await fn();
  return [nowMs() - at, value];
}

interface Idle {
  cpuMs?: number;
  switches?: number;
}

async function idleWindow(supervisor: Supervisor, seconds: number): Promise<Idle> {
  const [cpu0, sw0] = [supervisor.cpuSeconds(), supervisor.contextSwitches()];
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  const [cpu1, sw1] = [supervisor.cpuSeconds(), supervisor.contextSwitches()];
  return {
    cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) * 1000,
    switches: sw0 === undefined || sw1 === undefined ? undefined : sw1 - sw0,
  };
}

/** Opens the page's event stream, reads its first status, and leaves. */
function visitEvents(socket: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: socket, path: '/api/events', headers: { Host: 'localhost' } },
      (res) => {
        res.setEncoding('utf8').on('data', (d: string) => {
          if (d.includes('event: status')) {
            req.destroy();
            resolve();
          }
        });
      },
    );
    req.on('error', (err) => (req.destroyed ? resolve() : reject(err)));
    req.end();
  });
}

export async function metricsScrape({
  programs,
  runs,
  idleSeconds,
}: MetricsScrapeOptions): Promise<Section[]> {
  const dirs = new Map<Kind, string>();
  const sups = new Map<Kind, Supervisor>();
  const rpc = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  const samples = { metrics: [] as number[], status: [] as number[], floor: [] as number[] };
  let firstMetrics: number | undefined;
  let series = 0;
  const idle: { before?: Idle; after?: Idle } = {};
  const problems: string[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (const kind of KINDS) {
      const dir = makeTempDir('metrics');
      dirs.set(kind, dir);
      sups.set(kind, Supervisor.start(kind, dir, controlSections(dir) + sleepers(programs)));
    }
    for (const kind of KINDS) {
      const client = rpcClient(dirs.get(kind)!);
      const ok = await waitAllRunning(sups.get(kind)!, client, programs, 30_000 + programs * 200);
      if (!ok) problems.push(`${kind}: not all ${programs} RUNNING`);
      for (let run = -1; run < runs; run++) {
        const [took] = await timed(() => client.call('supervisor.getAllProcessInfo'));
        if (run >= 0) rpc.get(kind)!.push(took);
      }
      client.close();
    }
    const ours = sups.get('modulus')!;
    const socket = socketPath(dirs.get('modulus')!);
    idle.before = await idleWindow(ours, idleSeconds);
    const [first, body] = await timed(() => get(agent, socket, '/metrics'));
    firstMetrics = first;
    series = body.body.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    for (let run = -1; run < runs; run++) {
      const [m] = await timed(() => get(agent, socket, '/metrics'));
      const [s] = await timed(() => get(agent, socket, '/api/status'));
      const [f] = await timed(() => get(agent, socket, '/no-such-page'));
      if (run < 0) continue;
      samples.metrics.push(m);
      samples.status.push(s);
      samples.floor.push(f);
    }
    await visitEvents(socket);
    agent.destroy();
    idle.after = await idleWindow(ours, idleSeconds);
  } finally {
    agent.destroy();
    for (const kind of KINDS) {
      await sups.get(kind)?.shutdown();
      if (dirs.has(kind)) removeTempDir(dirs.get(kind)!);
    }
  }
  const cell = (values: number[]): string =>
    values.length === 0
      ? '-'
      : `${fixed(Math.min(...values), 2)} / ${fixed(median(values), 2)} / ${fixed(quantile(values, 0.9), 2)}`;
  const med = (values: number[]): number | undefined => (values.length === 0 ? undefined : median(values));
  process.stderr.write(
    `  metrics: first ${fixed(firstMetrics, 1)} ms, median ${fixed(med(samples.metrics), 2)} ms\n`,
  );
  const rows = [
    [`GET /metrics, ${series} series (ours)`, cell(samples.metrics), '-', '-'],
    ['GET /metrics, the first after start (cold code paths)', fixed(firstMetrics, 1), '-', '-'],
    ['GET /api/status, the page snapshot (ours)', cell(samples.status), '-', '-'],
    [
      "getAllProcessInfo over XML-RPC (node_exporter's collector, per scrape)",
      cell(rpc.get('modulus')!),
      cell(rpc.get('supervisord')!),
      ratio(med(rpc.get('supervisord')!), med(rpc.get('modulus')!)),
    ],
    ['GET of a 404 on the same socket (the transport floor)', cell(samples.floor), '-', '-'],
  ];
  const idleRow = (what: string, i: Idle | undefined): string[] => [
    what,
    `${fixed(i?.cpuMs, 0)} ms CPU, ${fixed(i?.switches, 0)} context switches`,
    '-',
    '-',
  ];
  rows.push(idleRow(`idle ${idleSeconds} s before any page or scrape`, idle.before));
  rows.push(idleRow(`idle ${idleSeconds} s after a scrape and a page's event stream`, idle.after));
  const metricsMedian = med(samples.metrics);
  return [
    {
      title: `Dashboard and /metrics with ${programs} programs (ms, best / median / p90 of ${runs})`,
      what:
        `Both supervisors run ${programs} sleeping programs. Requests go over the unix socket on one ` +
        'keep-alive connection from this process. supervisord serves no /metrics; what an exporter must ask ' +
        'it for on every scrape is one getAllProcessInfo, so that is the side-by-side row. The idle rows ' +
        "read the supervisor's CPU time and context switches from /proc over a window with nobody looking.",
      headers: ['what', LABEL.modulus, LABEL.supervisord, 'supervisord / ours'],
      rows,
      notes: [
        verdict(
          '/metrics with 100 programs < 20 ms',
          metricsMedian === undefined ? undefined : metricsMedian < 20,
          `${fixed(metricsMedian, 2)} ms`,
        ),
        ...problems,
      ],
    },
  ];
}
