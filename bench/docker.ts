// The Docker side of the image scenario: building the original-style image (bench/original-image/) and
// timing our `modulus images build`, fresh volumes, containers removed by name, and the memory of a
// container's processes (/proc) and of its memory cgroup (v1).
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  REPO,
  TEST_BASE_IMAGE,
  docker,
  engineProblem as dockerEngineProblem,
  fillVolume,
} from '../test/helpers/docker.js';
import { runCli } from '../test/helpers/run-cli.js';
import { childrenOf, makeTempDir, nowMs, removeTempDir } from './harness.js';

export const ORIGINAL = 'modulus-bench/original-node';
export const BENCH_PREFIX = 'modulus-bench';

export const tail = (text: string, lines = 8): string => text.trimEnd().split('\n').slice(-lines).join(' | ');

/** Containers still running, removed by name when the bench exits early (Ctrl-C, a thrown error). */
export const liveContainers = new Set<string>();
process.on('exit', () => {
  for (const name of liveContainers) execFileSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
});

/** Why the image scenario cannot run here (the e2e suite's check), or undefined. */
export async function engineProblem(): Promise<string | undefined> {
  return dockerEngineProblem();
}

async function imageId(tag: string): Promise<string | undefined> {
  const r = await docker(['image', 'inspect', '--format', '{{.Id}}', tag]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

export async function sizeMb(tag: string): Promise<number | undefined> {
  const r = await docker(['image', 'inspect', '--format', '{{.Size}}', tag]);
  return r.code === 0 ? Number(r.stdout.trim()) / 1e6 : undefined;
}

/** docker with the classic builder (the engine here has no BuildKit); never throws. */
function dockerClassic(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DOCKER_BUILDKIT: '0' };
    execFile('docker', args, { env, maxBuffer: 64 << 20, timeout: 30 * 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, out: `${stdout}${stderr}` }),
    );
  });
}

const INPUTS_LABEL = 'modulus.bench.inputs';

/** What the original-style image is built from: its context's files and the base image. */
async function originalInputs(context: string): Promise<string> {
  const hash = createHash('sha256').update((await imageId(TEST_BASE_IMAGE)) ?? '');
  for (const name of fs.readdirSync(context).sort()) {
    hash.update(`\0${name}\0`).update(fs.readFileSync(path.join(context, name)));
  }
  return hash.digest('hex');
}

/**
 * Builds the original-style image from a temp context (the repo's .dockerignore keeps bench/ out); the
 * seconds it took, or undefined when the image was already built from the same inputs (and not noCache).
 * The mirror's URL (a new port each run) is a build argument, so Docker's cache never serves the Node.js
 * stage: the inputs label is what saves a rebuild.
 */
export async function buildOriginal(mirror: string, noCache: boolean): Promise<number | undefined> {
  const context = makeTempDir('original-image');
  try {
    fs.cpSync(path.join(REPO, 'bench', 'original-image'), context, { recursive: true });
    const installer = path.join(REPO, 'images', 'run-base', 'install-node.sh');
    fs.copyFileSync(installer, path.join(context, 'install-node.sh'));
    const inputs = await originalInputs(context);
    const label = await docker([
      'image',
      'inspect',
      '--format',
      `{{index .Config.Labels "${INPUTS_LABEL}"}}`,
      ORIGINAL,
    ]);
    if (!noCache && label.code === 0 && label.stdout.trim() === inputs) return undefined;
    const before = await imageId(ORIGINAL);
    const started = nowMs();
    const r = await dockerClassic([
      'build',
      '--network',
      'host',
      '--build-arg',
      `BASE_IMAGE=${TEST_BASE_IMAGE}`,
      '--build-arg',
      `NODEJS_ORG_MIRROR=${mirror}`,
      '--label',
      `${INPUTS_LABEL}=${inputs}`,
      ...(noCache ? ['--no-cache'] : []),
      '-t',
      ORIGINAL,
      context,
    ]);
    if (r.code !== 0) throw new Error(`building ${ORIGINAL} failed: ${tail(r.out)}`);
    const seconds = (nowMs() - started) / 1000;
    // the image the tag named before is now untagged: remove it (refused harmlessly while in use)
    if (before !== undefined && before !== (await imageId(ORIGINAL))) await docker(['rmi', before]);
    return seconds;
  } finally {
    removeTempDir(context);
  }
}

/**
 * `modulus images build --prefix modulus-bench --no-cache`: seconds per run image as it reports them
 * (build-node, which only builds use, is built too but not counted); tags removed after.
 */
export async function buildOurs(mirror: string): Promise<{ base: number; node: number }> {
  const args = ['images', 'build', '--prefix', BENCH_PREFIX, '--no-cache', '--base-image', TEST_BASE_IMAGE];
  const r = await runCli([...args, '--node-mirror', mirror], { timeoutMs: 30 * 60_000 });
  if (r.code !== 0) throw new Error(`modulus images build failed: ${tail(r.stdout + r.stderr)}`);
  const seconds = (image: string) =>
    Number(new RegExp(`built ${BENCH_PREFIX}/${image} in ([\\d.]+) s`).exec(r.stdout)?.[1] ?? NaN);
  // build-node (built third, FROM run-node) first: an image with a child is not removed.
  await docker(['rmi', `${BENCH_PREFIX}/build-node`, `${BENCH_PREFIX}/run-node`, `${BENCH_PREFIX}/run-base`]);
  return { base: seconds('run-base'), node: seconds('run-node') };
}

/**
 * Removes the untagged build stages the builds of this process left: their last step ran with this
 * process's mirror URL (its port is this run's), so no other build can be using them.
 */
export async function removeStages(mirror: string): Promise<void> {
  const dangling = await docker(['images', '-q', '--no-trunc', '--filter', 'dangling=true']);
  for (const id of new Set(dangling.stdout.split('\n').filter(Boolean))) {
    const history = await docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', id]);
    const top = history.stdout.split('\n')[0] ?? '';
    if (top.includes(`NODEJS_ORG_MIRROR=${mirror} `)) await docker(['rmi', id]);
  }
}

/** A fresh volume in `dir`/mnt, made as the e2e suite makes one (its fillVolume). */
export async function makeVolume(dir: string, app: string, port: number): Promise<string> {
  return fillVolume(path.join(dir, 'mnt'), { app, config: ['--port', String(port)] });
}

export interface HttpAnswer {
  status: number;
  body: string;
  /** When the response headers arrived (nowMs). */
  at: number;
}

/** GET 127.0.0.1:port/path without keep-alive; undefined while nothing answers. */
export function httpGet(port: number, urlPath: string): Promise<HttpAnswer | undefined> {
  return new Promise((resolve) => {
    const options = { host: '127.0.0.1', port, path: urlPath, agent: false, timeout: 1000 };
    const req = http.get(options, (res) => {
      const at = nowMs();
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, at }));
      res.on('error', () => resolve(undefined));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

/** Direct children of pid, from /proc/<pid>/task/<pid>/children (a full /proc scan where the kernel lacks it). */
export function children(pid: number): number[] {
  try {
    const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return childrenOf(pid);
  }
}

export function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

export interface ProcessMemory {
  /** VmRSS and RssAnon (its private part: VmRSS also counts the shared pages of the mapped binary), in MB. */
  rssMb?: number;
  anonMb?: number;
}

export function processMemory(pid: number): ProcessMemory {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => /^\s*(\d+) kB/.exec(status.split(`\n${field}:`)[1] ?? '')?.[1];
    const [rss, anon] = [kb('VmRSS'), kb('RssAnon')];
    return {
      rssMb: rss === undefined ? undefined : Number(rss) / 1024,
      anonMb: anon === undefined ? undefined : Number(anon) / 1024,
    };
  } catch {
    return {};
  }
}

export interface CgroupMemory {
  /** memory.usage_in_bytes (page cache included) and total_rss (anonymous memory), in MB. */
  usageMb?: number;
  anonMb?: number;
}

/** The memory cgroup (v1) of `pid`, a process of container `id`. */
export function cgroupMemory(pid: number, id: string): CgroupMemory {
  let own = '';
  try {
    own = fs.readFileSync(`/proc/${pid}/cgroup`, 'utf8').match(/^\d+:memory:(.*)$/m)?.[1] ?? '';
  } catch {
    // gone: fall back to Docker's default parent
  }
  const dir = [`/sys/fs/cgroup/memory${own}`, `/sys/fs/cgroup/memory/docker/${id}`].find((d) =>
    fs.existsSync(path.join(d, 'memory.usage_in_bytes')),
  );
  if (dir === undefined) return {};
  const usage = Number(fs.readFileSync(path.join(dir, 'memory.usage_in_bytes'), 'utf8'));
  const anon = /^total_rss (\d+)$/m.exec(fs.readFileSync(path.join(dir, 'memory.stat'), 'utf8'))?.[1];
  return { usageMb: usage / 2 ** 20, anonMb: anon === undefined ? undefined : Number(anon) / 2 ** 20 };
}
