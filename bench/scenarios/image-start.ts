// Image scenario: our run-node image against one built the original way (bench/original-image/, Debian's
// supervisord), each started on a fresh volume with the same app: time to the app's first HTTP 200, the
// supervisor's and the container's memory, the image sizes and, optionally, no-cache build times.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  REPO,
  RUN_BASE,
  RUN_NODE,
  closeMirror,
  docker,
  ensureTestImages,
  nodeMirror,
} from '../../test/helpers/docker.js';
import { freePort } from '../../test/helpers/free-port.js';
import {
  BENCH_PREFIX,
  ORIGINAL,
  buildOriginal,
  buildOurs,
  cgroupMemory,
  children,
  cmdline,
  engineProblem,
  httpGet,
  liveContainers,
  makeVolume,
  processMemory,
  removeStages,
  sizeMb,
  tail,
} from '../docker.js';
import { makeTempDir, median, nowMs, removeTempDir } from '../harness.js';
import { fixed, ms, ratio, verdict, type Section } from '../report.js';
import { KEEP, kept } from '../baselines.js';

export interface ImageStartOptions {
  rounds: number;
  /** Also time `modulus images build --no-cache` and the original's no-cache build (slow). */
  build: boolean;
}

type Which = 'ours' | 'original';
const WHICH: readonly Which[] = ['ours', 'original'];
const IMAGE: Record<Which, string> = { ours: RUN_NODE, original: ORIGINAL };
const LABEL: Record<Which, string> = {
  ours: `${RUN_NODE} (ours)`,
  original: `${ORIGINAL} (Debian supervisord)`,
};
const APP = path.join(REPO, 'test', 'fixtures', 'e2e-app');
const POLL_MS = 10;
/** The measurement window after the first answer, before memory is read. */
// issue 14: the container's memory after 10 s of idling, once start-up garbage is collected.
const SETTLE_MS = 10_000;
const START_TIMEOUT_MS = 60_000;

/** One start: times in ms from just before `docker run -d`; memory in MB. */
interface Run {
  runReturned?: number;
  firstOk?: number;
  supervisorRss?: number;
  supervisorAnon?: number;
  notifierRss?: number;
  notifierAnon?: number;
  appRss?: number;
  appAnon?: number;
  usageMb?: number;
  cgroupAnon?: number;
  node?: string;
  problem?: string;
}
type Figure = Exclude<keyof Run, 'node' | 'problem'>;

const sleep = (msecs: number) => new Promise((resolve) => setTimeout(resolve, msecs));

/** tini (the container's init) -> its one child, the supervisor -> the app and, in ours, the notifier. */
async function measureMemory(name: string, id: string, run: Run): Promise<void> {
  const init = Number((await docker(['inspect', '--format', '{{.State.Pid}}', name])).stdout.trim());
  const [supervisor, ...others] = children(init);
  if (supervisor === undefined || others.length > 0)
    throw new Error(`tini (pid ${init}) has children [${children(init).join(', ')}], not one supervisor`);
  const sup = processMemory(supervisor);
  [run.supervisorRss, run.supervisorAnon] = [sup.rssMb, sup.anonMb];
  for (const pid of children(supervisor)) {
    const mem = processMemory(pid);
    if (/ notify /.test(cmdline(pid))) [run.notifierRss, run.notifierAnon] = [mem.rssMb, mem.anonMb];
    else
      [run.appRss, run.appAnon] = [
        (run.appRss ?? 0) + (mem.rssMb ?? 0),
        (run.appAnon ?? 0) + (mem.anonMb ?? 0),
      ];
  }
  const cgroup = cgroupMemory(init, id);
  [run.usageMb, run.cgroupAnon] = [cgroup.usageMb, cgroup.anonMb];
}

async function startOnce(which: Which): Promise<Run> {
  const dir = makeTempDir('image');
  const name = `modulus-bench-${randomBytes(4).toString('hex')}`;
  const run: Run = {};
  try {
    const port = await freePort();
    const volume = await makeVolume(dir, APP, port);
    liveContainers.add(name);
    const started = nowMs();
    const args = ['run', '-d', '--name', name, '--network', 'host', '-v', `${volume}:/mnt`, IMAGE[which]];
    let result: { code: number; stdout: string; stderr: string } | undefined;
    const running = docker(args).then((r) => {
      run.runReturned = nowMs() - started;
      return (result = r);
    });
    while (nowMs() - started < START_TIMEOUT_MS && (result === undefined || result.code === 0)) {
      const answer = await httpGet(port, '/');
      if (answer?.status === 200) {
        run.firstOk = answer.at - started;
        break;
      }
      await sleep(POLL_MS);
    }
    result = await running;
    if (result.code !== 0) throw new Error(`docker run ${IMAGE[which]} failed: ${tail(result.stderr)}`);
    if (run.firstOk === undefined) {
      const logs = await docker(['logs', name]);
      throw new Error(`no HTTP 200 within ${ms(START_TIMEOUT_MS)}: ${tail(logs.stdout + logs.stderr)}`);
    }
    await sleep(SETTLE_MS);
    await measureMemory(name, result.stdout.trim(), run);
    const who = await httpGet(port, '/whoami');
    const seen = who?.status === 200 ? (JSON.parse(who.body) as { version: string; uid: number }) : undefined;
    run.node = seen && `Node.js ${seen.version} as uid ${seen.uid}`;
  } catch (err) {
    run.problem = (err as Error).message;
  } finally {
    await docker(['rm', '-f', name]);
    liveContainers.delete(name);
    removeTempDir(dir);
  }
  return run;
}

interface Builds {
  base?: number;
  node?: number;
  original?: number;
}

export async function imageStart({ rounds, build }: ImageStartOptions): Promise<Section[]> {
  const runs = new Map<Which, Run[]>(WHICH.map((w) => [w, []]));
  const builds: Builds = {};
  const notes: string[] = [];
  let mirror: string | undefined;
  try {
    const problem = await engineProblem();
    if (problem !== undefined) throw new Error(problem);
    process.stderr.write(`  image: ensuring ${RUN_NODE}, building ${ORIGINAL}\n`);
    await ensureTestImages();
    mirror = await nodeMirror();
    if (build) {
      process.stderr.write('  image: no-cache builds of both (slow)\n');
      Object.assign(builds, await buildOurs(mirror));
      builds.original = await buildOriginal(mirror, true);
    } else await buildOriginal(mirror, false);
    for (let round = 0; round < rounds; round++) {
      // interleaved, alternating which goes first, so drift on a shared machine hits both alike
      for (const which of round % 2 === 0 ? WHICH : [...WHICH].reverse()) {
        const run = await startOnce(which);
        runs.get(which)!.push(run);
        if (run.problem) notes.push(`${which}, round ${round + 1}: ${run.problem}`);
        process.stderr.write(`  image ${which} round ${round + 1}: first 200 after ${ms(run.firstOk)}\n`);
      }
    }
  } catch (err) {
    notes.push(`NOT MEASURED: ${(err as Error).message}`);
  } finally {
    if (mirror !== undefined) await removeStages(mirror);
    await closeMirror();
  }
  return [startSection(runs, rounds, notes), await buildSection(builds, build)];
}

function med(runs: Run[], key: Figure): number | undefined {
  const values = runs.flatMap((r) => (r[key] === undefined ? [] : [r[key]]));
  return values.length === 0 ? undefined : median(values);
}

/** Columns after the image: [header, figure, its private part (in brackets), format]. */
const COLUMNS: Array<[string, Figure, Figure | undefined, (v: number | undefined) => string]> = [
  ['docker run returns', 'runReturned', undefined, ms],
  ['first HTTP 200', 'firstOk', undefined, ms],
  ['supervisor MB (anon)', 'supervisorRss', 'supervisorAnon', (v) => fixed(v, 1)],
  ['notifier MB (anon)', 'notifierRss', 'notifierAnon', (v) => fixed(v, 1)],
  ['app MB (anon)', 'appRss', 'appAnon', (v) => fixed(v, 1)],
  ['container MB', 'usageMb', undefined, (v) => fixed(v, 1)],
  ['container anon MB', 'cgroupAnon', undefined, (v) => fixed(v, 1)],
];

function startSection(runs: Map<Which, Run[]>, rounds: number, notes: string[]): Section {
  const [ours, original] = [runs.get('ours')!, runs.get('original')!];
  const rows = WHICH.map((which) => {
    const all = runs.get(which)!;
    const ok = all.flatMap((r) => (r.firstOk === undefined ? [] : [r.firstOk]));
    return [
      LABEL[which],
      `${ok.length}/${all.length}`,
      ...COLUMNS.map(([, key, part, format]) =>
        part === undefined || med(all, key) === undefined
          ? format(med(all, key))
          : `${format(med(all, key))} (${format(med(all, part))})`,
      ),
      ok.length === 0 ? '-' : `${ms(Math.min(...ok))} / ${ms(Math.max(...ok))}`,
    ];
  });
  const r = (key: Figure) => ratio(med(ours, key), med(original, key));
  rows.push([
    'ours / original',
    '',
    ...COLUMNS.map(([, key, part]) =>
      part === undefined || med(ours, key) === undefined || med(original, key) === undefined
        ? r(key)
        : `${r(key)} (${r(part)})`,
    ),
    '',
  ]);
  const seen = new Set([...ours, ...original].map((run) => run.node).filter(Boolean));
  const usage = { ours: med(ours, 'usageMb'), original: med(original, 'usageMb') };
  return {
    title: 'Run images: start to the first HTTP 200, and memory',
    what:
      `Our \`${RUN_NODE}\` (tini, our supervisor on its own Node.js with the notifier inside it, the Node.js \`start\`) against ` +
      `\`${ORIGINAL}\`, built the original way from bench/original-image/ (tini, Debian's supervisord 4.2.5, a ` +
      'shell `start`) on the same base image with the same preinstalled Node.js. Each start gets a fresh volume ' +
      '(`modulus volume init`, test/fixtures/e2e-app owned by mop, `modulus config --port N`) and runs `docker run ' +
      '-d --network host -v VOL:/mnt IMAGE`. Times are from just before `docker run` to the client returning and ' +
      `to the app's first HTTP 200 (polled every ${POLL_MS} ms). ${SETTLE_MS / 1000} s after the first answer: VmRSS ` +
      "and, in brackets, RssAnon (its private part: VmRSS also counts the mapped binary's shared pages) of tini's " +
      'one child, the supervisor, and of its children: the app and, in ours before issue 14, a notifier process; then the ' +
      "container's memory cgroup: `memory.usage_in_bytes` (page cache included) and `total_rss` (anonymous). " +
      `Medians over ${rounds} interleaved rounds, alternating which image starts first; then \`docker rm -f\`.`,
    headers: ['image', 'answered', ...COLUMNS.map(([header]) => header), 'first 200 min / max'],
    rows,
    notes: [
      verdict(
        "the whole container (memory cgroup usage) <= 0.85x the original's",
        usage.ours === undefined || usage.original === undefined
          ? undefined
          : usage.ours <= 0.85 * usage.original,
        `${fixed(usage.ours, 1)} MB vs ${fixed(usage.original, 1)} MB, ${ratio(usage.ours, usage.original)}`,
      ),
      kept('container start to first HTTP 200', med(ours, 'firstOk'), KEEP.firstHttp200Ms),
      `the app reported: ${[...seen].join('; ') || 'nothing'}`,
      ...notes,
    ],
  };
}

async function buildSection(builds: Builds, build: boolean): Promise<Section> {
  const [base, node, original] = await Promise.all([sizeMb(RUN_BASE), sizeMb(RUN_NODE), sizeMb(ORIGINAL)]);
  const ours = builds.base === undefined || builds.node === undefined ? undefined : builds.base + builds.node;
  const s = (v: number | undefined) => (build ? fixed(v, 1) : '-');
  return {
    title: 'Run images: size and no-cache build time',
    what:
      'Sizes from `docker image inspect --format {{.Size}}` (run-node includes run-base). Build times, with ' +
      `\`--image-build\` (a full run's default): \`modulus images build --prefix ${BENCH_PREFIX} --no-cache\` for ` +
      'ours (run-base, then run-node on it, as the command reports them) and `docker build --no-cache` of ' +
      'bench/original-image/ for the original, both on the same base image and Node.js mirror (the test fixture ' +
      "served on 127.0.0.1), with apt packages from Debian's archive.",
    headers: ['image', 'size MB', 'no-cache build s', 'build s to a runnable image'],
    rows: [
      [`${RUN_BASE} (ours, base)`, fixed(base, 0), s(builds.base), '-'],
      [LABEL.ours, fixed(node, 0), s(builds.node), s(ours)],
      [LABEL.original, fixed(original, 0), s(builds.original), s(builds.original)],
      ['ours / original', ratio(node, original), '', build ? ratio(ours, builds.original) : '-'],
    ],
    notes: build ? [] : ['build times not measured: run with --image-build (a full run does)'],
  };
}
