// Spawn cost: how long a restart of a program that exits at once takes, spawn to spawn, as a
// plain program and with user= (as the run images run the app: the supervisor is root and
// drops to the app's user, which goes through setpriv to keep supplementary groups). With
// --baseline FILE, another bundle of ours (e.g. main's dist/modulus.js) runs the same configs,
// so a change to how children are made is measured against the build before it.
import fs from 'node:fs';
import path from 'node:path';
import {
  LABEL,
  Supervisor,
  makeTempDir,
  median,
  pollUntil,
  quantile,
  removeTempDir,
  type Kind,
} from '../harness.js';
import { fixed, ratio, verdict, type Section } from '../report.js';

export interface SpawnCostOptions {
  restarts: number;
  /** Another bundle of ours to run side by side (the build before a change). */
  baseline?: string;
}

interface Runner {
  readonly label: string;
  readonly kind: Kind;
  readonly bin?: string;
}

function config(dir: string, user: string | null): string {
  return `
[program:flap]
command=/bin/sh -c "date +%%s%%N >> ${path.join(dir, 'starts')}"
autorestart=true
startsecs=0
${user ? `user=${user}` : ''}
stdout_logfile=NONE
stderr_logfile=NONE
`;
}

function starts(dir: string): number[] {
  try {
    const text = fs.readFileSync(path.join(dir, 'starts'), 'utf8');
    return text
      .split('\n')
      .filter(Boolean)
      .map((ns) => Number(ns) / 1e6);
  } catch {
    return [];
  }
}

async function intervals(runner: Runner, user: string | null, restarts: number): Promise<number[]> {
  const dir = makeTempDir('spawn');
  // user= must be able to append to the file
  fs.chmodSync(dir, 0o777);
  const supervisor = Supervisor.start(runner.kind, dir, config(dir, user), runner.bin);
  try {
    const timeoutMs = runner.kind === 'modulus' ? 30_000 : restarts * 2000 + 10_000;
    await pollUntil(() => starts(dir).length > restarts, { timeoutMs, intervalMs: 20 });
    await supervisor.shutdown();
    const times = starts(dir).slice(0, restarts + 1);
    return times.slice(1).map((t, i) => t - times[i]!);
  } finally {
    await supervisor.shutdown();
    removeTempDir(dir);
  }
}

export async function spawnCost({ restarts, baseline }: SpawnCostOptions): Promise<Section[]> {
  const runners: Runner[] = [
    { label: LABEL.modulus, kind: 'modulus' },
    ...(baseline
      ? [{ label: `modulus baseline (${baseline})`, kind: 'modulus' as Kind, bin: baseline }]
      : []),
    { label: LABEL.supervisord, kind: 'supervisord' },
  ];
  const users: Array<string | null> = process.geteuid?.() === 0 ? [null, 'nobody'] : [null];
  const medians = new Map<string, number>();
  const rows: string[][] = [];
  for (const user of users) {
    // Interleaved rounds, alternating which of ours and the baseline goes first, so load drift
    // on a shared machine hits both alike.
    const samples = new Map<Runner, number[]>();
    for (let round = 0; round < 4; round++) {
      const order = round % 2 === 0 ? runners : [runners[1]!, runners[0]!, ...runners.slice(2)];
      for (const runner of order) {
        if (runner.kind === 'supervisord' && round > 0) continue;
        const n = runner.kind === 'supervisord' ? Math.min(restarts, 5) : restarts;
        samples.set(runner, [...(samples.get(runner) ?? []), ...(await intervals(runner, user, n))]);
      }
    }
    for (const runner of runners) medians.set(`${runner.label}/${user}`, median(samples.get(runner)!));
    const base = medians.get(`modulus baseline (${baseline})/${user}`);
    for (const runner of runners) {
      const values = samples.get(runner)!;
      process.stderr.write(
        `  spawn ${runner.label} user=${user ?? '-'}: median ${fixed(median(values), 2)} ms\n`,
      );
      rows.push([
        user ? `user=${user}` : 'no user=',
        runner.label,
        String(values.length),
        fixed(median(values), 2),
        fixed(quantile(values, 0.9), 2),
        fixed(Math.min(...values), 2),
        base !== undefined && runner.kind === 'modulus' ? ratio(median(values), base) : '-',
      ]);
    }
  }
  const notes = baseline
    ? users.map((user) => {
        const ours = medians.get(`${LABEL.modulus}/${user}`)!;
        const base = medians.get(`modulus baseline (${baseline})/${user}`)!;
        return verdict(
          `${user ? `user=${user}` : 'no user='}: ours within 10% of the baseline`,
          ours <= base * 1.1,
          `${fixed(ours, 2)} ms against ${fixed(base, 2)} ms`,
        );
      })
    : [];
  return [
    {
      title: 'Spawn cost: restart of a program that exits at once, with and without user=',
      what:
        '`command=/bin/sh -c "date +%s%N >> starts"`, `autorestart=true`, `startsecs=0`, no log files; the figure is the ' +
        'time between consecutive starts the program records (spawn, its ~1 ms run, exit, spawn). `user=nobody` as root ' +
        "goes through util-linux's setpriv (supplementary groups). supervisord's figure is its one-second poll. " +
        "With --baseline, the last column is each median over the baseline's (1.00x = the same cost, above it costs more).",
      headers: ['program', 'supervisor', 'restarts', 'median ms', 'p90 ms', 'min ms', 'vs baseline'],
      rows,
      notes,
    },
  ];
}
