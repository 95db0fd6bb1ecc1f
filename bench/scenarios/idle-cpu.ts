// Control-plane scenario: CPU the supervisor itself uses while 100 programs sleep and nobody talks to it,
// from /proc/<pid>/stat utime+stime over a fixed window. Both supervisors are measured at the same time.
import {
  KINDS,
  LABEL,
  Supervisor,
  makeTempDir,
  nowMs,
  removeTempDir,
  contextSwitches,
  type Kind,
} from '../harness.js';
import { controlSections, rpcClient, sleepers, waitAllRunning } from '../control.js';
import { fixed, ratio, verdict, type Section } from '../report.js';

export interface IdleCpuOptions {
  programs: number;
  seconds: number;
}

interface Measurement {
  cpuSeconds?: number;
  wallSeconds?: number;
  contextSwitches?: number;
  voluntarySwitches?: number;
  problems: string[];
}

/** After all are RUNNING, a short settle so start-up work (log files opening, GC) is not counted. */
const SETTLE_MS = 3000;

async function measure(kind: Kind, programs: number, seconds: number): Promise<Measurement> {
  const dir = makeTempDir('idle');
  const supervisor = Supervisor.start(kind, dir, controlSections(dir) + sleepers(programs));
  const result: Measurement = { problems: [] };
  try {
    const client = rpcClient(dir);
    const deadline = kind === 'modulus' ? 30_000 : 30_000 + programs * 200;
    const ready = await waitAllRunning(supervisor, client, programs, deadline);
    client.close();
    if (!ready) {
      result.problems.push(`${kind}: not all ${programs} RUNNING over XML-RPC within ${deadline} ms`);
      return result;
    }
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const wakes0 = contextSwitches(supervisor.pid, 'voluntary');
    const [cpu0, switches0, at0] = [supervisor.cpuSeconds(), supervisor.contextSwitches(), nowMs()];
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const [cpu1, switches1, at1] = [supervisor.cpuSeconds(), supervisor.contextSwitches(), nowMs()];
    const wakes1 = contextSwitches(supervisor.pid, 'voluntary');
    if (wakes0 !== undefined && wakes1 !== undefined) result.voluntarySwitches = wakes1 - wakes0;
    if (cpu0 === undefined || cpu1 === undefined || !supervisor.running) {
      result.problems.push(`${kind}: the supervisor exited during the idle window`);
      return result;
    }
    // Whole 10 ms ticks: a difference of two tick counts in seconds is not exact in floating point.
    result.cpuSeconds = Math.round((cpu1 - cpu0) * 100) / 100;
    result.wallSeconds = (at1 - at0) / 1000;
    if (switches0 !== undefined && switches1 !== undefined) result.contextSwitches = switches1 - switches0;
    return result;
  } finally {
    await supervisor.shutdown();
    removeTempDir(dir);
  }
}

const perSecond = (count: number | undefined, m: Measurement): string =>
  count === undefined || !m.wallSeconds ? '-' : fixed(count / m.wallSeconds, 2);

const percent = (m: Measurement | undefined): number | undefined =>
  m?.cpuSeconds === undefined || !m.wallSeconds ? undefined : (m.cpuSeconds / m.wallSeconds) * 100;

export async function idleCpu({ programs, seconds }: IdleCpuOptions): Promise<Section[]> {
  // side by side: the window is long, both are idle, and the machine's noise then hits both alike
  const measured = await Promise.all(KINDS.map((kind) => measure(kind, programs, seconds)));
  const results = new Map<Kind, Measurement>(KINDS.map((kind, i) => [kind, measured[i]!]));
  for (const kind of KINDS) {
    const m = results.get(kind)!;
    process.stderr.write(`  idle ${kind}: ${fixed(m.cpuSeconds, 2)} CPU s, ${fixed(percent(m), 3)} %\n`);
  }
  const ours = percent(results.get('modulus'));
  const theirs = percent(results.get('supervisord'));
  const oursCpu = results.get('modulus')?.cpuSeconds;
  const theirsCpu = results.get('supervisord')?.cpuSeconds;
  const rate = (m: Measurement | undefined) =>
    m?.voluntarySwitches === undefined || !m.wallSeconds ? undefined : m.voluntarySwitches / m.wallSeconds;
  const oursWakes = rate(results.get('modulus'));
  const theirsWakes = rate(results.get('supervisord'));
  const rows = KINDS.map((kind) => {
    const m = results.get(kind)!;
    return [
      LABEL[kind],
      fixed(m.wallSeconds, 1),
      fixed(m.cpuSeconds, 2),
      fixed(percent(m), 3),
      perSecond(m.voluntarySwitches, m),
      perSecond(m.contextSwitches, m),
      ratio(percent(m), theirs),
    ];
  });
  return [
    {
      title: `Idle CPU with ${programs} running programs`,
      what:
        `${programs} programs running \`/bin/sleep 3600\` with the API served on \`[unix_http_server]\` and no client ` +
        `connected. Once all are RUNNING (checked over XML-RPC) and ${SETTLE_MS / 1000} s have passed, the supervisor ` +
        `process's utime+stime from \`/proc/<pid>/stat\` (all its threads; 10 ms ticks) is read before and after a ` +
        `${seconds} s window, as a percentage of one core. Both supervisors run at the same time. Wake-ups are ` +
        'voluntary context switches of all its threads per second (a thread blocked and was woken); the next column adds ' +
        'the involuntary ones (preempted while running, which a loaded machine adds to both). The last column is CPU ' +
        'relative to supervisord; the CPU target compares CPU seconds over the same window (both run at once).',
      headers: [
        'supervisor',
        'window s',
        'CPU s',
        '% of one core',
        'wake-ups/s',
        'all context switches/s',
        'vs supervisord',
      ],
      rows,
      notes: [
        verdict(
          'ours idle CPU no higher than supervisord',
          oursCpu === undefined || theirsCpu === undefined ? undefined : oursCpu <= theirsCpu,
          `${fixed(oursCpu, 2)} s vs ${fixed(theirsCpu, 2)} s; ${fixed(ours, 3)} % vs ${fixed(theirs, 3)} %`,
        ),
        verdict(
          'ours at most 1 wake-up per second',
          oursWakes === undefined ? undefined : oursWakes <= 1,
          `${fixed(oursWakes, 2)}/s; supervisord ${fixed(theirsWakes, 2)}/s`,
        ),
        ...[...results.values()].flatMap((m) => m.problems),
      ],
    },
  ];
}
