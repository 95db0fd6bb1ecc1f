// Scenario 1: a program writes N MB of lines to stdout into a rotating app.log under each supervisor,
// beside the physical limit `generator | cat > file`; timed from the program's start to the last byte.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  KINDS,
  LABEL,
  Supervisor,
  makeTempDir,
  median,
  pollUntil,
  removeTempDir,
  type Kind,
} from '../harness.js';
import { fixed, ratio, verdict, type Section } from '../report.js';

export interface LogThroughputOptions {
  megabytes: number;
  runs: number;
  /** Another bundle of ours (e.g. main's dist/modulus.js), run beside ours as a before/after. */
  baseline?: string;
}

// A typical access-log line; free of characters that config quoting or `%` expansion would touch.
const LINE =
  '2026-01-01T12:00:00.000Z INFO http GET /api/items?page=3 200 3.2ms user=alice region=eu-west-1 ok';
const LINE_BYTES = LINE.length + 1;
const MB = 1024 * 1024;

type Runner = Kind | 'cat' | 'baseline';

interface RunResult {
  mbPerSec: number | undefined;
  cpuSeconds: number | undefined;
  switches: number | undefined;
  exact: boolean;
  error?: string;
}

/** Whole lines only, so a supervisor never sees a partial last line. */
function totalBytes(megabytes: number): number {
  return Math.floor((megabytes * MB) / LINE_BYTES) * LINE_BYTES;
}

/** `date` marks the program's own start; the generator is deterministic, so its hash is known. */
function generator(dir: string, bytes: number): string {
  return `date +%s%N > ${path.join(dir, 'start')} && yes '${LINE}' | head -c ${bytes}`;
}

function expectedHash(bytes: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.from(`${LINE}\n`.repeat(Math.floor(MB / LINE_BYTES)));
  let left = bytes;
  for (; left >= chunk.length; left -= chunk.length) hash.update(chunk);
  hash.update(chunk.subarray(0, left));
  return hash.digest('hex');
}

/** app.log.N … app.log.1, app.log: the order in which the bytes were written. */
function logFiles(dir: string): string[] {
  const rotated = fs
    .readdirSync(dir)
    .map((name) => /^app\.log\.(\d+)$/.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => b - a)
    .map((n) => path.join(dir, `app.log.${n}`));
  return [...rotated, path.join(dir, 'app.log')];
}

function bytesOnDisk(dir: string): number {
  let sum = 0;
  for (const file of logFiles(dir)) {
    try {
      sum += fs.statSync(file).size;
    } catch {
      // renamed between readdir and stat; the next poll sees it
    }
  }
  return sum;
}

function hashOf(files: string[]): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(4 * MB);
  for (const file of files) {
    const fd = fs.openSync(file, 'r');
    try {
      for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;)
        hash.update(buffer.subarray(0, n));
    } finally {
      fs.closeSync(fd);
    }
  }
  return hash.digest('hex');
}

function programStart(dir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dir, 'start'), 'utf8').trim()) / 1e6;
  } catch {
    return undefined;
  }
}

/** When the last byte landed: the newest mtime among the app.log files (a poll would perturb the run). */
function lastWriteAt(dir: string): number {
  return Math.max(...logFiles(dir).map((file) => Number(fs.statSync(file, { bigint: true }).mtimeNs) / 1e6));
}

async function runOnce(runner: Runner, bytes: number, hash: string, baseline?: string): Promise<RunResult> {
  const dir = makeTempDir('log');
  const timeoutMs = Math.max(30_000, (bytes / MB / 20) * 1000); // slower than 20 MB/s is a failure
  let supervisor: Supervisor | undefined;
  let pipeline: ChildProcess | undefined;
  try {
    // Poll rarely and cheaply: on 2 cores a busy observer steals CPU from the pipeline it measures.
    let finished: () => boolean;
    if (runner === 'cat') {
      const shell = `${generator(dir, bytes)} | cat > ${path.join(dir, 'app.log')}`;
      const child = spawn('/bin/sh', ['-c', shell], { stdio: 'ignore' });
      pipeline = child;
      finished = () => child.exitCode !== null;
    } else {
      const kind: Kind = runner === 'baseline' ? 'modulus' : runner;
      const sup = Supervisor.start(
        kind,
        dir,
        programConfig(dir, bytes),
        runner === 'baseline' ? baseline : undefined,
      );
      supervisor = sup;
      finished = () => sup.logLines(/ exited: gen /).length > 0;
    }
    const done = await pollUntil(() => finished() && bytesOnDisk(dir) >= bytes, {
      timeoutMs,
      intervalMs: 100,
    });
    const startedAt = programStart(dir);
    const cpuSeconds = supervisor?.cpuSeconds();
    const switches = supervisor?.contextSwitches();
    if (!done || startedAt === undefined) {
      return {
        mbPerSec: undefined,
        cpuSeconds,
        switches,
        exact: false,
        error: `${bytesOnDisk(dir)} of ${bytes} bytes after ${timeoutMs} ms`,
      };
    }
    const doneAt = lastWriteAt(dir);
    await supervisor?.shutdown();
    const exact = bytesOnDisk(dir) === bytes && hashOf(logFiles(dir)) === hash;
    return { mbPerSec: bytes / MB / ((doneAt - startedAt) / 1000), cpuSeconds, switches, exact };
  } finally {
    if (pipeline && pipeline.exitCode === null) pipeline.kill('SIGKILL');
    await supervisor?.shutdown();
    removeTempDir(dir);
  }
}

function programConfig(dir: string, bytes: number): string {
  // `%%` because both supervisors expand `%(name)s` in command=
  const command = generator(dir, bytes).replace(/%/g, '%%');
  return `
[program:gen]
command=/bin/sh -c "${command}"
autostart=true
autorestart=false
startsecs=0
stdout_logfile=${path.join(dir, 'app.log')}
stdout_logfile_maxbytes=50MB
stdout_logfile_backups=20
stderr_logfile=${path.join(dir, 'gen.err')}
`;
}

/** `yes > /dev/null` pinned to the last core, for the "other core loaded" row; stopped by the caller. */
function startCoreHog(): ChildProcess {
  const core = String(Math.max(0, os.availableParallelism() - 1));
  return spawn('taskset', ['-c', core, 'yes'], { stdio: ['ignore', 'ignore', 'ignore'] });
}

type Results = Map<Runner, RunResult[]>;

async function runSet(
  runners: readonly Runner[],
  options: { runs: number; bytes: number; hash: string; baseline?: string },
  load: string,
): Promise<Results> {
  const { runs, bytes, hash, baseline } = options;
  const results: Results = new Map(runners.map((r) => [r, []]));
  for (let run = 0; run < runs; run++) {
    // interleaved, so a noisy neighbour on the machine hurts every runner alike
    for (const runner of runners) {
      const result = await runOnce(runner, bytes, hash, baseline);
      results.get(runner)!.push(result);
      process.stderr.write(
        `  log ${load} ${runner} run ${run + 1}: ${fixed(result.mbPerSec)} MB/s${result.exact ? '' : ' NOT EXACT'}\n`,
      );
    }
  }
  return results;
}

export async function logThroughput({ megabytes, runs, baseline }: LogThroughputOptions): Promise<Section[]> {
  const bytes = totalBytes(megabytes);
  const hash = expectedHash(bytes);
  const RUNNERS: readonly Runner[] = ['cat', ...KINDS, ...(baseline ? (['baseline'] as const) : [])];
  const set = { runs, bytes, hash, baseline };
  const idle = await runSet(RUNNERS, set, 'as is');
  const hog = startCoreHog();
  let loaded: Results;
  try {
    loaded = await runSet(RUNNERS, set, 'loaded');
  } finally {
    hog.kill('SIGKILL');
  }
  const rate = (results: Results, r: Runner): number | undefined => {
    const rates = results.get(r)!.flatMap((x) => (x.mbPerSec === undefined ? [] : [x.mbPerSec]));
    return rates.length === runs ? median(rates) : undefined;
  };
  const cpuOf = (results: Results, r: Runner): number =>
    median(results.get(r)!.map((x) => x.cpuSeconds ?? NaN));
  const best = (results: Results, r: Runner): number | undefined =>
    Math.max(...results.get(r)!.map((x) => x.mbPerSec ?? NaN));
  const label = (r: Runner): string =>
    r === 'cat'
      ? '`generator | cat > file` (physical limit)'
      : r === 'baseline'
        ? `baseline (${path.basename(path.dirname(path.resolve(baseline ?? '')))}/…)`
        : LABEL[r];
  const rows = (results: Results, load: string): string[][] =>
    RUNNERS.map((r) => {
      const switches = results.get(r)!.map((x) => x.switches ?? NaN);
      const exact = results.get(r)!.every((x) => x.exact);
      return [
        label(r),
        load,
        fixed(rate(results, r)),
        fixed(best(results, r)),
        r === 'cat' ? '-' : fixed(cpuOf(results, r), 2),
        r === 'cat' ? '-' : fixed(median(switches)),
        ratio(rate(results, r), rate(results, 'supervisord')),
        ratio(rate(results, r), rate(results, 'cat')),
        exact ? 'yes' : 'NO',
      ];
    });
  const errors = [idle, loaded].flatMap((results) =>
    RUNNERS.flatMap((r) => results.get(r)!.flatMap((x) => (x.error ? [`${r}: ${x.error}`] : []))),
  );
  const targets = (results: Results, load: string): string[] => {
    const ours = rate(results, 'modulus');
    const sd = rate(results, 'supervisord');
    const cat = rate(results, 'cat');
    const [cpu, sdCpu] = [cpuOf(results, 'modulus'), cpuOf(results, 'supervisord')];
    return [
      verdict(
        `ours >= 0.95x cat > file (${load})`,
        ours && cat ? ours >= 0.95 * cat : undefined,
        ratio(ours, cat),
      ),
      verdict(
        `ours >= 1.5x supervisord (${load})`,
        ours && sd ? ours >= 1.5 * sd : undefined,
        ratio(ours, sd),
      ),
      verdict(
        `ours CPU s per ${megabytes} MB <= supervisord's (${load})`,
        Number.isNaN(cpu) || Number.isNaN(sdCpu) ? undefined : cpu <= sdCpu,
        `${fixed(cpu, 2)} s vs ${fixed(sdCpu, 2)} s`,
      ),
    ];
  };
  return [
    {
      title: `Log throughput: ${megabytes} MB of stdout into a rotating app.log`,
      what:
        `One program runs \`yes '<${LINE_BYTES}-byte line>' | head -c ${bytes}\` and the supervisor captures its stdout into ` +
        '`app.log` (`stdout_logfile_maxbytes=50MB`, `stdout_logfile_backups=20`, so nothing is deleted). Timed from ' +
        "the program's own start (`date +%s%N` before the generator) to the newest mtime of the app.log files once they hold every " +
        `byte (a tight poll would steal CPU from the pipeline on 2 cores). Byte-exact: the rotated files concatenated oldest first hash to the generator's known ` +
        `output. Median of ${runs} interleaved runs; CPU is the supervisor process's user+system seconds; context switches (all its threads, from /proc) count how often it slept and woke: many small wake-ups per MB mean per-chunk overhead. ` +
        'The *loaded* rows run the same set again with `yes > /dev/null` pinned (taskset) to the last core.',
      headers: [
        'runner',
        'load',
        'MB/s (median)',
        'MB/s (best)',
        'supervisor CPU s',
        'context switches',
        'vs supervisord',
        'vs cat',
        'byte-exact',
      ],
      rows: [...rows(idle, 'as is'), ...rows(loaded, 'other core loaded')],
      notes: [...targets(idle, 'as is'), ...targets(loaded, 'other core loaded'), ...errors],
    },
  ];
}
