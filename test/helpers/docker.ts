// The Docker side of the end-to-end tests: a real engine, the test base image .ci/run makes with
// debootstrap, our images (run-base, run-node, build-node) built once per change from the local Node.js mirror, and containers
// that are always removed. Without an engine: CI fails, elsewhere the suite is skipped loudly.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildMirror, cacheRoot } from '../fixtures/mirror/build-mirror.js';
import { serveMirror, type ServedMirror } from '../fixtures/mirror/serve-mirror.js';
import { runCli, scrubbedEnv } from './run-cli.js';
import { waitFor } from './wait-for.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const TEST_BASE_IMAGE = 'modulus-test/debian:bookworm';
/** The test images' name prefix; MODULUS_TEST_PREFIX keeps parallel checkouts' images apart. */
export const PREFIX = process.env.MODULUS_TEST_PREFIX || 'modulus-test';
export const RUN_BASE = `${PREFIX}/run-base`;
export const RUN_NODE = `${PREFIX}/run-node`;
export const BUILD_NODE = `${PREFIX}/build-node`;
export const MOP_UID = 441;
export const MOP_GID = 444;

export interface Exec {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs docker; never throws for a non-zero exit. */
export function docker(args: readonly string[], timeoutMs = 120_000): Promise<Exec> {
  return new Promise((resolve) => {
    execFile('docker', args, { timeout: timeoutMs, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({
        code,
        stdout: String(stdout),
        stderr: String(stderr || (err && !stderr ? err.message : '')),
      });
    });
  });
}

/** Runs docker and fails the test with its output when it exits non-zero. */
export async function dockerOk(args: readonly string[], timeoutMs?: number): Promise<string> {
  const r = await docker(args, timeoutMs);
  assert.equal(r.code, 0, `docker ${args.join(' ')} exited ${r.code}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Why Docker cannot run the suite here, or undefined when it can. */
export function engineProblem(): string | undefined {
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      stdio: 'pipe',
      timeout: 20_000,
    });
  } catch {
    return 'no Docker engine answers (.ci/run installs docker.io and starts dockerd)';
  }
  try {
    execFileSync('docker', ['image', 'inspect', TEST_BASE_IMAGE], { stdio: 'pipe' });
  } catch {
    return `the base image ${TEST_BASE_IMAGE} is missing (.ci/run makes it with debootstrap)`;
  }
  return undefined;
}

/** True when Docker can run the suite; otherwise fails (CI) or skips the suite loudly. */
export function requireDocker(t: Pick<TestContext, 'name' | 'skip'>): boolean {
  const problem = engineProblem();
  if (problem === undefined) return true;
  if (process.env.CI) assert.fail(`${problem}: the Docker end-to-end tests must run in CI`);
  process.stderr.write(
    `\n*** SKIPPED ${t.name}: ${problem}; the Docker end-to-end tests did NOT run ***\n\n`,
  );
  t.skip(problem);
  return false;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

/** What the images are built from: a change to any of it means a rebuild. */
function imageInputs(): string {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(join(REPO, 'dist')), ...filesUnder(join(REPO, 'images'))]) {
    hash.update(file.slice(REPO.length)).update('\0').update(readFileSync(file));
  }
  return hash.digest('hex');
}

let mirror: ServedMirror | undefined;

/** The local nodejs.org-shaped mirror, served for this test process. */
export async function nodeMirror(): Promise<string> {
  mirror ??= await serveMirror(buildMirror());
  return mirror.url('good');
}

export async function closeMirror(): Promise<void> {
  await mirror?.close();
  mirror = undefined;
}

/**
 * Builds modulus-test/run-base, run-node and build-node with `modulus images build`, once for each change to
 * the bundle or images/: test files run in parallel, so a lock directory lets one build while the
 * others wait for its stamp.
 */
export async function ensureTestImages(): Promise<void> {
  const root = cacheRoot();
  mkdirSync(root, { recursive: true });
  const stamp = join(root, `e2e-images-${PREFIX.replace(/\W/g, '_')}.stamp`);
  const lock = join(root, `e2e-images-${PREFIX.replace(/\W/g, '_')}.lock`);
  const want = imageInputs();
  const fresh = async () =>
    readSafe(stamp) === want &&
    (await docker(['image', 'inspect', RUN_BASE])).code === 0 &&
    (await docker(['image', 'inspect', RUN_NODE])).code === 0 &&
    (await docker(['image', 'inspect', BUILD_NODE])).code === 0;
  await waitFor(
    'the lock on the test images build',
    async () => {
      if (await fresh()) return true;
      try {
        mkdirSync(lock);
        writeFileSync(join(lock, 'pid'), String(process.pid));
        return true;
      } catch {
        const holder = Number(readSafe(join(lock, 'pid')));
        if (holder && !pidAlive(holder)) rmSync(lock, { recursive: true, force: true });
        return false;
      }
    },
    { timeoutMs: 20 * 60_000, intervalMs: 500 },
  );
  if (await fresh()) {
    rmSync(lock, { recursive: true, force: true });
    return;
  }
  try {
    const url = await nodeMirror();
    const r = await runCli(
      ['images', 'build', '--prefix', PREFIX, '--base-image', TEST_BASE_IMAGE, '--node-mirror', url],
      { timeoutMs: 20 * 60_000, env: scrubbedEnv() },
    );
    assert.equal(r.code, 0, `modulus images build failed:\n${r.stdout}\n${r.stderr}`);
    writeFileSync(stamp, want);
    // The images this build replaced are left untagged: remove those (ours only, by label).
    await docker(['image', 'prune', '-f', '--filter', 'label=io.modulus.bundle-sha256']);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readSafe(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface VolumeOptions {
  /** The app folder copied to app/. */
  app: string;
  /** Extra `modulus config` arguments (--env, --port, --log-maxbytes …). */
  config?: string[];
  /** `modulus volume init --layout`; default secure. */
  layout?: 'secure' | 'original';
}

/** Makes `dir` a volume the way users make one: `modulus volume init`, the app, `modulus config`. */
export async function fillVolume(dir: string, options: VolumeOptions): Promise<string> {
  const init = await runCli(['volume', 'init', dir, '--layout', options.layout ?? 'secure']);
  assert.equal(init.code, 0, `volume init: ${init.stdout}${init.stderr}`);
  cpSync(options.app, join(dir, 'app'), { recursive: true });
  execFileSync('chown', ['-R', `${MOP_UID}:${MOP_GID}`, join(dir, 'app')]);
  const conf = await runCli(['config', ...(options.config ?? []), '-o', join(dir, 'supervisor.conf')]);
  assert.equal(conf.code, 0, `config: ${conf.stdout}${conf.stderr}`);
  return dir;
}

/** A fresh volume in a temp dir (fillVolume), removed after the test. */
export async function makeVolume(t: TestContext, options: VolumeOptions): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'modulus-e2e-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return fillVolume(dir, options);
}

export interface Container {
  readonly name: string;
  exec(args: readonly string[], user?: string): Promise<Exec>;
  logs(): Promise<string>;
}

/** Starts a container of image with the volume at /mnt on the host network; removed after the test. */
export async function runContainer(
  t: TestContext,
  image: string,
  volume: string,
  extra: readonly string[] = [],
  command: readonly string[] = [],
): Promise<Container> {
  const name = `modulus-e2e-${randomBytes(4).toString('hex')}`;
  t.after(() => docker(['rm', '-f', name]));
  await dockerOk([
    'run',
    '-d',
    '--name',
    name,
    '--network',
    'host',
    '-v',
    `${volume}:/mnt`,
    ...extra,
    image,
    ...command,
  ]);
  return {
    name,
    exec: (args, user) => docker(['exec', ...(user ? ['-u', user] : []), name, ...args]),
    logs: async () => {
      const r = await docker(['logs', name]);
      return r.stdout + r.stderr;
    },
  };
}

/** GET http://127.0.0.1:port/path; undefined while nothing answers. */
export async function get(port: number, path = '/'): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
    return await res.text();
  } catch {
    return undefined;
  }
}

/** Waits until the app answers on port, failing with the container's log when it never does. */
export async function waitForApp(
  c: Container,
  port: number,
  path = '/',
  timeoutMs = 60_000,
): Promise<string> {
  try {
    return await waitFor(`the app on port ${port}`, () => get(port, path), { timeoutMs, intervalMs: 100 });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- docker logs ${c.name} ---\n${await c.logs()}`);
  }
}

let images: Promise<void> | undefined;

/** The start of every Docker test: an engine (or a loud skip), and the images for this build. */
export async function dockerSuite(t: TestContext): Promise<boolean> {
  if (!requireDocker(t)) return false;
  images ??= ensureTestImages();
  await images;
  return true;
}

/** Waits until supervisorctl in the container says the program is RUNNING (past its startsecs). */
export async function waitForRunning(c: Container, program = 'app'): Promise<void> {
  await waitFor(`${program} RUNNING in ${c.name}`, async () => {
    const status = await c.exec(['supervisorctl', 'status', program]);
    return new RegExp(`^${program}\\s+RUNNING`, 'm').test(status.stdout);
  });
}
