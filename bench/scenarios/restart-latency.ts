// Scenario 2: a program that exits at once with autorestart=true, startsecs=0; how soon each supervisor
// starts it again, from timestamps the program itself writes at every start.
import fs from 'node:fs';
import path from 'node:path';
import {
  KINDS,
  LABEL,
  Supervisor,
  logLineTime,
  makeTempDir,
  median,
  pollUntil,
  quantile,
  removeTempDir,
  type Kind,
} from '../harness.js';
import { fixed, ms, ratio, verdict, type Section } from '../report.js';
import { KEEP, kept } from '../baselines.js';

export interface RestartLatencyOptions {
  restarts: number;
}

interface KindResult {
  intervals: number[];
  reactions: number[];
  error?: string;
}

function config(dir: string): string {
  return `
[program:flap]
command=/bin/sh -c "date +%%s%%N >> ${path.join(dir, 'starts')}"
autorestart=true
startsecs=0
stdout_logfile=${path.join(dir, 'flap.log')}
stderr_logfile=${path.join(dir, 'flap.err')}
`;
}

function starts(dir: string): number[] {
  try {
    return fs
      .readFileSync(path.join(dir, 'starts'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((ns) => Number(ns) / 1e6);
  } catch {
    return [];
  }
}

/** ms between each `exited: flap` line and the next `spawned:` line: the supervisor's own reaction, to log precision. */
function reactions(lines: string[]): number[] {
  const gaps: number[] = [];
  let exitedAt: number | undefined;
  for (const line of lines) {
    const at = logLineTime(line);
    if (at === undefined) continue;
    if (/exited: flap /.test(line)) exitedAt = at;
    else if (/spawned: 'flap'/.test(line) && exitedAt !== undefined) {
      gaps.push(at - exitedAt);
      exitedAt = undefined;
    }
  }
  return gaps;
}

async function measure(kind: Kind, restarts: number): Promise<KindResult> {
  const dir = makeTempDir('restart');
  // supervisord restarts about once a second; give it twice that and a margin
  const timeoutMs = kind === 'modulus' ? 30_000 : restarts * 2000 + 10_000;
  const supervisor = Supervisor.start(kind, dir, config(dir));
  try {
    const done = await pollUntil(() => starts(dir).length > restarts, { timeoutMs, intervalMs: 20 });
    await supervisor.shutdown();
    const times = starts(dir).slice(0, restarts + 1);
    const intervals = times.slice(1).map((t, i) => t - times[i]!);
    const lines = supervisor.logLines(/exited: flap |spawned: 'flap'/);
    const result: KindResult = { intervals, reactions: reactions(lines).slice(0, restarts) };
    if (!done) result.error = `${kind}: only ${times.length - 1} restarts within ${timeoutMs} ms`;
    return result;
  } finally {
    await supervisor.shutdown();
    removeTempDir(dir);
  }
}

export async function restartLatency({ restarts }: RestartLatencyOptions): Promise<Section[]> {
  const results = new Map<Kind, KindResult>();
  for (const kind of KINDS) {
    const result = await measure(kind, restarts);
    results.set(kind, result);
    process.stderr.write(
      `  restart ${kind}: median ${fixed(median(result.intervals), 1)} ms over ${result.intervals.length}\n`,
    );
  }
  const ours = median(results.get('modulus')!.intervals);
  const theirs = median(results.get('supervisord')!.intervals);
  const rows = KINDS.map((kind) => {
    const { intervals, reactions: r } = results.get(kind)!;
    return [
      LABEL[kind],
      String(intervals.length),
      fixed(median(intervals), 1),
      fixed(quantile(intervals, 0.9), 1),
      fixed(Math.min(...intervals), 1),
      fixed(Math.max(...intervals), 1),
      fixed(median(r), 0),
      ratio(theirs, median(intervals)),
    ];
  });
  return [
    {
      title: 'Restart latency of a program that exits at once',
      what:
        '`command=/bin/sh -c "date +%s%N >> starts"` with `autorestart=true`, `startsecs=0`: the program records its own ' +
        `start time, and the figure is the time between consecutive starts over the first ${restarts} restarts (it ` +
        "includes the program's own run, about a millisecond). The last column is the supervisor's own reaction, " +
        "from its `exited:` line to its next `spawned:` line (millisecond log timestamps). Speedup is supervisord's median over ours.",
      headers: [
        'supervisor',
        'restarts',
        'median ms',
        'p90 ms',
        'min ms',
        'max ms',
        'exited->spawned ms (log)',
        'speedup',
      ],
      rows,
      notes: [
        verdict('ours median < 50 ms', Number.isNaN(ours) ? undefined : ours < 50, `${ms(ours)}`),
        kept('restart median', Number.isNaN(ours) ? undefined : ours, KEEP.restartMs),
        ...KINDS.flatMap((k) => (results.get(k)!.error ? [results.get(k)!.error!] : [])),
      ],
    },
  ];
}
