// Scenario 3: 10, 100 and 400 programs that sleep and exit on SIGTERM: time to all RUNNING, time from
// SIGTERM to the supervisor's exit with all stopped, and the supervisor's resident memory meanwhile.
import {
  KINDS,
  Supervisor,
  isAlive,
  logLineTime,
  makeTempDir,
  privateMemory,
  removeTempDir,
  type Kind,
} from '../harness.js';
import { ms, fixed, ratio, verdict, type Section } from '../report.js';
import { KEEP, kept } from '../baselines.js';

export interface ManyProgramsOptions {
  counts: number[];
  /** Counts at which supervisord is skipped (its one-at-a-time stop makes 400 slow). */
  skipSupervisordAt: number[];
}

interface Measurement {
  runningMs?: number;
  stoppedMs?: number;
  rssMb?: number;
  /** Peak RssAnon and Pss over the same second as rssMb. */
  anonMb?: number;
  pssMb?: number;
  problems: string[];
}

function config(count: number): string {
  const sections: string[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `p${String(i).padStart(3, '0')}`;
    sections.push(`[program:${name}]\ncommand=/bin/sleep 3600\nstartsecs=0\nautorestart=false\n`);
  }
  return `\n${sections.join('\n')}`;
}

/** Deadlines generous enough for supervisord, which starts and stops programs one mainloop tick at a time. */
function deadlines(kind: Kind, count: number): { startMs: number; stopMs: number } {
  return kind === 'modulus'
    ? { startMs: 30_000 + count * 50, stopMs: 30_000 + count * 50 }
    : { startMs: 30_000 + count * 200, stopMs: 30_000 + count * 300 };
}

async function sampleMemory(supervisor: Supervisor, result: Measurement): Promise<void> {
  // the peak over a second, so a garbage collection in the middle does not flatter anyone
  const peak = (a: number | undefined, b: number | undefined) => (b === undefined ? a : Math.max(a ?? 0, b));
  for (let i = 0; i < 10; i++) {
    result.rssMb = peak(result.rssMb, supervisor.rssMb());
    const own = privateMemory(supervisor.pid);
    result.anonMb = peak(result.anonMb, own?.anonMb);
    result.pssMb = peak(result.pssMb, own?.pssMb);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function measure(kind: Kind, count: number): Promise<Measurement> {
  const dir = makeTempDir(`many${count}`);
  const { startMs, stopMs } = deadlines(kind, count);
  const supervisor = Supervisor.start(kind, dir, config(count));
  const result: Measurement = { problems: [] };
  try {
    const success = await supervisor.waitForLines(/ success: p\d+ entered RUNNING/, count, {
      timeoutMs: startMs,
      intervalMs: 20,
    });
    if (!success) {
      const seen = supervisor.logLines(/ success: p\d+ entered RUNNING/).length;
      const last = supervisor.lastOutput();
      result.problems.push(
        `${kind} at ${count}: only ${seen} of ${count} RUNNING after ${ms(startMs)} (timeout)` +
          (last ? `; its last output: ${last}` : ''),
      );
      return result;
    }
    const last = logLineTime(success[count - 1]!);
    if (last !== undefined) result.runningMs = Math.max(0, last - supervisor.startedAt);
    await sampleMemory(supervisor, result);
    const pids = supervisor.spawnedPids();
    result.stoppedMs = await supervisor.stop('SIGTERM', stopMs);
    if (result.stoppedMs === undefined) {
      const stopped = supervisor.logLines(/ stopped: p\d+ /).length;
      result.problems.push(
        `${kind} at ${count}: only ${stopped} of ${count} stopped after ${ms(stopMs)} (timeout; killed)`,
      );
    } else {
      const left = pids.filter(isAlive).length;
      if (left > 0)
        result.problems.push(
          `${kind} at ${count}: ${left} programs still running after the supervisor exited`,
        );
    }
    return result;
  } finally {
    await supervisor.shutdown(1000);
    removeTempDir(dir);
  }
}

export async function manyPrograms({ counts, skipSupervisordAt }: ManyProgramsOptions): Promise<Section[]> {
  const results = new Map<string, Measurement>();
  const key = (kind: Kind, count: number): string => `${kind}/${count}`;
  for (const count of counts) {
    for (const kind of KINDS) {
      if (kind === 'supervisord' && skipSupervisordAt.includes(count)) continue;
      const m = await measure(kind, count);
      results.set(key(kind, count), m);
      process.stderr.write(
        `  many ${kind} x${count}: running ${ms(m.runningMs)}, stopped ${ms(m.stoppedMs)}, rss ${fixed(m.rssMb, 1)} MB\n`,
      );
    }
  }
  const get = (kind: Kind, count: number): Measurement | undefined => results.get(key(kind, count));
  const rows = counts.map((count) => {
    const ours = get('modulus', count);
    const theirs = get('supervisord', count);
    const skipped = theirs === undefined ? 'skipped' : '-';
    const cell = (m: Measurement | undefined, v: number | undefined): string =>
      m === undefined ? skipped : v === undefined ? 'timeout' : ms(v);
    // a stop is only attempted once all were RUNNING
    const stopCell = (m: Measurement | undefined): string =>
      m !== undefined && m.runningMs === undefined ? 'not reached' : cell(m, m?.stoppedMs);
    return [
      String(count),
      cell(ours, ours?.runningMs),
      cell(theirs, theirs?.runningMs),
      ratio(theirs?.runningMs, ours?.runningMs),
      stopCell(ours),
      stopCell(theirs),
      ratio(theirs?.stoppedMs, ours?.stoppedMs),
      fixed(ours?.rssMb, 1),
      theirs === undefined ? skipped : fixed(theirs.rssMb, 1),
      `${fixed(ours?.anonMb, 1)} / ${fixed(ours?.pssMb, 1)}`,
      theirs === undefined ? skipped : `${fixed(theirs.anonMb, 1)} / ${fixed(theirs.pssMb, 1)}`,
      ratio(ours?.anonMb, theirs?.anonMb),
    ];
  });
  const at100 = get('modulus', 100);
  const sd100 = get('supervisord', 100);
  const notes = counts.includes(100)
    ? [
        verdict(
          'ours at 100 all RUNNING < 1.5 s',
          at100?.runningMs === undefined ? undefined : at100.runningMs < 1500,
          ms(at100?.runningMs),
        ),
        verdict(
          'ours at 100 all stopped < 3 s',
          at100?.stoppedMs === undefined ? undefined : at100.stoppedMs < 3000,
          ms(at100?.stoppedMs),
        ),
        verdict(
          'ours at 100 VmRSS <= 50 MB',
          at100?.rssMb === undefined ? undefined : at100.rssMb <= 50,
          `${fixed(at100?.rssMb, 1)} MB`,
        ),
        verdict(
          "ours at 100 private memory (RssAnon) <= 0.8x supervisord's",
          at100?.anonMb === undefined || sd100?.anonMb === undefined
            ? undefined
            : at100.anonMb <= 0.8 * sd100.anonMb,
          `${fixed(at100?.anonMb, 1)} MB vs ${fixed(sd100?.anonMb, 1)} MB, ${ratio(at100?.anonMb, sd100?.anonMb)}`,
        ),
        kept('100 programs all RUNNING', at100?.runningMs, KEEP.running100Ms),
      ]
    : [];
  return [
    {
      title: 'Many programs: start, stop and memory at 10, 100 and 400 programs',
      what:
        'N `[program:pNNN]` sections running `/bin/sleep 3600` (exits on SIGTERM), `startsecs=0`, default AUTO log ' +
        "files. *All RUNNING*: from the supervisor's spawn to the timestamp of its N-th `success:` line. *All stopped*: " +
        "from SIGTERM to the supervisor's exit (it exits only when every program is stopped). *RSS*: VmRSS of the " +
        'supervisor process (peak over 1 s with all running); *private*: its RssAnon (anonymous pages only it has) and ' +
        'Pss (every page divided among the processes that map it; the Node.js binary is shared with the bench itself ' +
        "here, while in a run image the supervisor's Node.js is its own). Speedup columns are supervisord's time over ours.",
      headers: [
        'programs',
        'all RUNNING: ours',
        'supervisord',
        'speedup',
        'all stopped: ours',
        'supervisord',
        'speedup',
        'RSS MB: ours',
        'supervisord',
        'private MB (anon / Pss): ours',
        'supervisord',
        'anon: ours / supervisord',
      ],
      rows,
      notes: [...notes, ...[...results.values()].flatMap((m) => m.problems)],
    },
  ];
}
