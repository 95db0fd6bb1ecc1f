// Building the images (modulus/run-base, modulus/run-node FROM it, and the build image
// modulus/build-node FROM run-node) from the Dockerfiles and the bundle shipped in this package,
// with one line of progress per build step.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { VERSION } from '../supervisor/version.js';
import { ModulusError } from '../errors/modulus-error.js';
import { runCommand, type CommandResult } from '../os/run-command.js';
import { installPaths } from './install-paths.js';

export const DEFAULT_PREFIX = 'modulus';
export const DEFAULT_IMAGE = `${DEFAULT_PREFIX}/run-node`;
export const DEFAULT_BASE_IMAGE = 'debian:bookworm-slim';
export const DEFAULT_NODE_MIRROR = 'https://nodejs.org/dist';

/** Labels run-base carries (the others inherit them): what it was built from, for ensureImage. */
export const LABELS = {
  bundle: 'io.modulus.bundle-sha256',
  baseImage: 'io.modulus.base-image',
  nodeMirror: 'io.modulus.node-mirror',
  /** build-node's own: the id of the run-node it was built FROM. */
  runImage: 'io.modulus.run-image',
} as const;

export const IMAGES = ['run-base', 'run-node', 'build-node'] as const;
export type ImageName = (typeof IMAGES)[number];

export interface BuildOptions {
  /** The Debian image all three are built on (BASE_IMAGE). */
  baseImage: string;
  /** Where Node.js comes from at build time (NODEJS_ORG_MIRROR). */
  nodeMirror: string;
  /** Tags are `<prefix>/run-base`, `<prefix>/run-node` and `<prefix>/build-node`. */
  prefix: string;
  noCache: boolean;
  log: (line: string) => void;
}

export interface BuiltImage {
  readonly tag: string;
  readonly seconds: number;
  readonly bytes: number;
}

/**
 * `docker build` arguments for one image, pure so the build is testable without an engine;
 * build-node needs the id of the run-node it is built FROM (`runImageId`).
 */
export function buildArgs(
  image: ImageName,
  options: Omit<BuildOptions, 'log'>,
  root: string,
  bundleSha: string,
  runImageId?: string,
): string[] {
  const args = ['build', '--network', 'host', '-f', join(root, 'images', image, 'Dockerfile')];
  const buildArg = (k: string, v: string) => args.push('--build-arg', `${k}=${v}`);
  buildArg('BASE_IMAGE', options.baseImage);
  buildArg('NODEJS_ORG_MIRROR', options.nodeMirror);
  buildArg('MODULUS_VERSION', VERSION);
  buildArg('MODULUS_BUNDLE_SHA256', bundleSha);
  if (image === 'run-node') buildArg('RUN_BASE', `${options.prefix}/run-base`);
  if (image === 'build-node') {
    buildArg('RUN_NODE', `${options.prefix}/run-node`);
    buildArg('RUN_IMAGE_ID', runImageId ?? 'unknown');
  }
  if (options.noCache) args.push('--no-cache');
  args.push('-t', `${options.prefix}/${image}`, root);
  return args;
}

/** Whether a Docker engine answers; the error says how to get one when not. */
export async function requireEngine(): Promise<void> {
  const result = await runCommand('docker', ['version', '--format', '{{.Server.Version}}']).catch(
    (err: Error) => ({ code: 127, stdout: '', stderr: err.message }) as CommandResult,
  );
  if (result.code !== 0) {
    throw new ModulusError('DOCKER_UNAVAILABLE', `no Docker engine answers (${lastLine(result.stderr)})`, {
      hint: 'Install and start Docker (on Debian: apt-get install docker.io), or run without --docker.',
    });
  }
}

export async function imageExists(tag: string): Promise<boolean> {
  return (await imageId(tag)) !== undefined;
}

/** The image's id (sha256:…); undefined when the engine does not have it. */
export async function imageId(tag: string): Promise<string | undefined> {
  const r = await runCommand('docker', ['image', 'inspect', '--format', '{{.Id}}', tag]);
  return r.code === 0 ? r.stdout.trim() : undefined;
}

async function buildOne(image: ImageName, options: BuildOptions, root: string): Promise<BuiltImage> {
  const tag = `${options.prefix}/${image}`;
  const started = Date.now();
  let pending = '';
  const runImageId = image === 'build-node' ? await imageId(`${options.prefix}/run-node`) : undefined;
  const args = buildArgs(image, options, root, bundleSha256(root), runImageId);
  const result = await runCommand('docker', args, {
    // The classic builder prints one "Step N/M : INSTRUCTION" per step: that is the progress.
    env: { ...process.env, DOCKER_BUILDKIT: '0' },
    onOutput: (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (/^Step \d+\/\d+ :/.test(line)) options.log(`[${image}] ${line.slice(0, 110)}`);
      }
    },
  });
  if (result.code !== 0) {
    const tail = `${result.stdout}${result.stderr}`.trimEnd().split('\n').slice(-25).join('\n');
    throw new ModulusError(
      'IMAGE_BUILD',
      `building ${tag} failed (docker build exited ${result.code}):\n${tail}`,
    );
  }
  const size = await runCommand('docker', ['image', 'inspect', '--format', '{{.Size}}', tag]);
  return { tag, seconds: (Date.now() - started) / 1000, bytes: Number(size.stdout.trim()) || 0 };
}

/** Builds run-base, then run-node on it, then build-node on that (or only those in `only`). */
export async function buildImages(
  options: BuildOptions,
  only: readonly ImageName[] = IMAGES,
): Promise<BuiltImage[]> {
  const root = installPaths().packageRoot;
  for (const file of ['dist/modulus.js', ...only.map((image) => `images/${image}/Dockerfile`)]) {
    if (!existsSync(join(root, file)))
      throw new ModulusError(
        'IMAGE_BUILD',
        `${join(root, file)} is missing: this install cannot build the images`,
      );
  }
  await requireEngine();
  const built: BuiltImage[] = [];
  for (const image of IMAGES.filter((i) => only.includes(i))) {
    options.log(
      `building ${options.prefix}/${image} (base ${options.baseImage}, Node.js from ${options.nodeMirror})`,
    );
    const one = await buildOne(image, options, root);
    options.log(`built ${one.tag} in ${one.seconds.toFixed(1)} s, ${(one.bytes / 1e6).toFixed(0)} MB`);
    built.push(one);
  }
  return built;
}

/**
 * The SHA-256 of the bundle an image build copies in: every file under dist/ (the dispatcher
 * modulus.js and its commands/), each path and content in name order.
 */
export function bundleSha256(root: string = installPaths().packageRoot): string {
  const dist = join(root, 'dist');
  const hash = createHash('sha256');
  for (const file of filesUnder(dist)) {
    hash.update(relative(dist, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** The image's labels; null when the engine does not have it. */
export async function imageLabels(tag: string): Promise<Record<string, string> | null> {
  const r = await runCommand('docker', ['image', 'inspect', '--format', '{{json .Config.Labels}}', tag]);
  if (r.code !== 0) return null;
  return (JSON.parse(r.stdout.trim() || 'null') as Record<string, string> | null) ?? {};
}

export type ImageAction =
  | { readonly kind: 'use' }
  | { readonly kind: 'use-stale' }
  | { readonly kind: 'missing' }
  | { readonly kind: 'build'; readonly prefix: string; readonly why: 'missing' | 'stale' };

/**
 * What ensureImage does with `tag` (pure): use it when it holds this bundle; (re)build a missing or
 * stale `<prefix>/run-node`, which we know how to build; use any other stale image as it is, and
 * refuse a missing one.
 */
export function imageAction(tag: string, labels: Record<string, string> | null, bundle: string): ImageAction {
  if (labels !== null && labels[LABELS.bundle] === bundle) return { kind: 'use' };
  const prefix = /^(.+)\/run-node(:latest)?$/.exec(tag)?.[1];
  if (prefix !== undefined) return { kind: 'build', prefix, why: labels === null ? 'missing' : 'stale' };
  return labels === null ? { kind: 'missing' } : { kind: 'use-stale' };
}

/**
 * Makes sure `tag` exists and holds this modulus (see imageAction). A rebuild uses the base image
 * the old one was built on, and Node.js from $NODEJS_ORG_MIRROR, else the mirror it was built
 * from, else nodejs.org.
 */
export async function ensureImage(tag: string, options: { log: (line: string) => void }): Promise<void> {
  await requireEngine();
  const labels = await imageLabels(tag);
  const action = imageAction(tag, labels, bundleSha256());
  switch (action.kind) {
    case 'use':
      return;
    case 'use-stale':
      options.log(`warning: ${tag} holds another build of modulus than this one; using it as it is`);
      return;
    case 'missing':
      throw new ModulusError('IMAGE_MISSING', `the image ${tag} is not in the Docker engine`, {
        hint: 'Build or pull it first, or leave out --image to use modulus/run-node (built on demand).',
      });
    case 'build':
      options.log(
        action.why === 'missing'
          ? `the image ${tag} is missing: building it (once)`
          : `the image ${tag} holds another build of modulus: rebuilding it (Docker's cache keeps this short)`,
      );
      await buildImages({
        baseImage: labels?.[LABELS.baseImage] || DEFAULT_BASE_IMAGE,
        nodeMirror: process.env.NODEJS_ORG_MIRROR || labels?.[LABELS.nodeMirror] || DEFAULT_NODE_MIRROR,
        prefix: action.prefix,
        noCache: false,
        log: options.log,
      });
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() || 'docker failed';
}
