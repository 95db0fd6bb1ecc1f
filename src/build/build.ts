// `modulus build`: the one build step of every mode (local runs, --docker, app images). The app's
// sources go to the output dir; its dependencies are installed, with devDependencies, in a work dir
// in the cache with the Node.js the app will run on (resolved and recorded as `modulus start` does);
// its build script runs there; the result goes to the output dir and is pruned of devDependencies.
// Every step is skipped while its inputs are unchanged, so a second run installs and copies nothing.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { appNode } from '../node/app-node.js';
import { nodeLayout } from '../node/layout.js';
import type { Fetch } from '../node/mirror.js';
import { readPackage, type FoundPackage } from '../node/package-json.js';
import { machinePlatform } from '../node/plan.js';
import { appSubdir, listWorkspaces, workspacePatterns, workspaceRootError } from '../node/workspaces.js';
import { buildKey, installKey } from './build-key.js';
import { planBuild, type BuildPlan } from './build-plan.js';
import { OUT_STAMP, readOutStamp, readWorkState, removeOutStamp, writeOutStamp, writeWorkState } from './build-state.js';
import { runManager, type NpmContext } from './npm-command.js';
import type { Progress } from './progress.js';
import { syncTree } from './tree-sync.js';

export interface BuildOptions {
  /** The app's sources. */
  readonly app: string;
  /** Where the runnable app goes (a volume's app/). */
  readonly out: string;
  /** The build cache root (work dirs, npm's cache). */
  readonly cache: string;
  /** For resolving Node.js (MODULUS_MNT, NODEJS_ORG_MIRROR …) and for npm and the scripts. */
  readonly env: NodeJS.ProcessEnv;
  readonly progress: Progress;
  readonly signal: AbortSignal;
  readonly fetch: Fetch;
  /** Replace an output dir that holds files modulus build did not put there. */
  readonly replaceOut?: boolean;
}

export interface BuildResult {
  readonly node: string;
  readonly installed: boolean;
  readonly built: boolean;
  readonly copied: number;
}

/** Never copied from the app: version control, our own state, dependencies (installed here). */
const SOURCE_SKIP = new Set(['.git', '.modulus', 'node_modules']);
const skipSource = (_rel: string, name: string): boolean => SOURCE_SKIP.has(name);
const skipOut = (rel: string, name: string): boolean => name === 'node_modules' || rel === OUT_STAMP;

function checkOut(out: string, replace: boolean): void {
  mkdirSync(out, { recursive: true });
  const entries = readdirSync(out);
  if (entries.length === 0 || entries.includes(OUT_STAMP)) return;
  if (!replace)
    throw new ModulusError('BUILD_OUT_DIR', `${out} holds files that modulus build did not put there`, {
      hint: 'Give --out an empty or new directory (or one an earlier modulus build wrote).',
    });
  for (const entry of entries) rmSync(join(out, entry), { recursive: true, force: true });
}

/** Every node_modules directory of an install (the root's and the workspaces'), relative. */
function nodeModulesDirs(root: string, rel = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, rel), { withFileTypes: true })) {
    if (!entry.isDirectory() || SOURCE_SKIP.has(entry.name)) {
      if (entry.name === 'node_modules' && entry.isDirectory()) found.push(join(rel, entry.name));
      continue;
    }
    found.push(...nodeModulesDirs(root, join(rel, entry.name)));
  }
  return found;
}

function manifestFacts(pkg: FoundPackage): { text: string; data: Record<string, unknown> } {
  const text = readFileSync(pkg.path, 'utf8');
  return { text, data: JSON.parse(text) as Record<string, unknown> };
}

const nonEmpty = (v: unknown): boolean => typeof v === 'object' && v !== null && Object.keys(v).length > 0;

/** The root package (where npm installs) and the one that starts (MODULUS_APP_DIR, else the root). */
async function findPackages(dir: string, env: NodeJS.ProcessEnv): Promise<{ root?: FoundPackage; start?: FoundPackage }> {
  const root = await readPackage(dir);
  if (!root) return {};
  const sub = appSubdir(env.MODULUS_APP_DIR);
  if (sub) return { root, start: await readPackage(join(dir, sub)) };
  const patterns = workspacePatterns(manifestFacts(root).data.workspaces);
  if (patterns.length > 0 && !root.manifest.scripts.start?.trim())
    throw workspaceRootError(root.dir, listWorkspaces(root.dir, patterns));
  return { root, start: root };
}

export async function build(o: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const { progress: p } = o;
  const out = resolve(o.out);
  checkOut(out, o.replaceOut ?? false);
  const work = join(resolve(o.cache), createHash('sha256').update(out).digest('hex').slice(0, 16));
  const app = join(work, 'app');
  mkdirSync(app, { recursive: true });
  const statePath = join(work, 'state.json');
  const state = readWorkState(statePath);
  const previous = new Set(state.sources);

  const copied = syncTree(o.app, out, { skip: skipSource, remove: previous });
  syncTree(o.app, app, { skip: skipSource, remove: previous });
  writeWorkState(statePath, { ...state, sources: copied.paths });
  p.phase(`copy: ${copied.copied} changed, ${copied.removed} removed of ${copied.entries.length} files (${o.app} → ${out})`);

  const { root, start } = await findPackages(out, o.env);
  const deps = { env: o.env, fetch: o.fetch, now: Date.now, log: (line: string) => p.phase(line) };
  const platform = machinePlatform();
  const node = await appNode(deps, nodeLayout(o.env), platform, start?.dir ?? out, start);
  if (!root) {
    p.phase('no package.json: nothing to install or build');
    writeOutStamp(join(out, OUT_STAMP), { install: 'none', node: node.version });
    return { node: node.version, installed: false, built: false, copied: copied.copied };
  }
  const rel = relative(out, root.dir);
  const { text, data } = manifestFacts(root);
  const files = readdirSync(root.dir);
  const plan: BuildPlan = planBuild(
    {
      scripts: root.manifest.scripts,
      hasDependencies:
        ['dependencies', 'devDependencies', 'optionalDependencies'].some((k) => nonEmpty(data[k])) ||
        workspacePatterns(data.workspaces).length > 0,
      packageManager: typeof data.packageManager === 'string' ? data.packageManager : undefined,
    },
    files,
    (file) => readFileSync(join(root.dir, file), 'utf8'),
  );
  for (const w of plan.warnings) p.phase(`warning: ${w}`);
  const npm: NpmContext & { nodeVersion: string } = {
    nodeDir: node.installed.dir,
    nodeVersion: node.version,
    env: o.env,
    npmCache: join(resolve(o.cache), 'npm'),
    signal: o.signal,
    onOutput: (chunk) => p.output(chunk),
  };
  const step = async (label: string, args: readonly string[], cwd: string): Promise<void> => {
    const t = Date.now();
    p.phase(`${label}: ${plan.manager.name} ${args.join(' ')} (Node.js ${node.version})`);
    try {
      await runManager(npm, plan.manager, args, cwd);
    } finally {
      p.clear();
    }
    p.phase(`${label}: done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  const workRoot = join(app, rel);
  const lockText = plan.lockfile ? readFileSync(join(root.dir, plan.lockfile), 'utf8') : undefined;
  // pnpm and yarn: which version runs (the spec, or packageManager with its hash) is an input too.
  const pinned = typeof data.packageManager === 'string' ? data.packageManager : '';
  const args = plan.manager.spec ? [plan.manager.spec, pinned, ...(plan.install ?? [])] : (plan.install ?? []);
  const key = installKey({ lockfile: lockText, manifest: text, args, nodeVersion: node.version, platform });
  let installed = false;
  if (state.install === key && (plan.install === undefined || existsSync(join(workRoot, 'node_modules')))) {
    if (plan.install) p.phase(`install: up to date (same ${plan.lockfile ?? 'package.json'} and Node.js ${node.version}), nothing installed`);
  } else {
    writeWorkState(statePath, { sources: copied.paths });
    if (plan.install && plan.manager.name !== 'npm') p.phase(`install: with ${plan.manager.shown}, through corepack`);
    if (plan.prebuild) await step('prebuild', plan.manager.run(plan.prebuild), workRoot);
    if (plan.install) await step('install', plan.install, workRoot);
    installed = true;
    writeWorkState(statePath, { sources: copied.paths, install: key });
  }
  const scripts = plan.build ? [plan.build] : [];
  const bKey = buildKey(key, copied.entries, scripts);
  let built = false;
  if (plan.build && readWorkState(statePath).build !== bKey) {
    await step('build', plan.manager.run(plan.build), workRoot);
    built = true;
  } else if (plan.build) p.phase(`build: up to date (no source changed), ${plan.build} not run again`);
  writeWorkState(statePath, { sources: copied.paths, install: key, build: bKey });

  const stampPath = join(out, OUT_STAMP);
  const stamp = readOutStamp(stampPath);
  removeOutStamp(stampPath); // until the output is whole again
  const output = syncTree(app, out, { skip: skipOut, remove: 'all' });
  if (built) p.phase(`output: ${output.copied} changed, ${output.removed} removed`);
  if (stamp?.install !== key && plan.install) {
    let changed = 0;
    for (const dir of nodeModulesDirs(app))
      changed += syncTree(join(app, dir), join(out, dir), { skip: () => false, remove: 'all' }).copied;
    p.phase(`dependencies: ${changed} files copied to ${out}`);
    const prune = plan.manager.prune;
    if (typeof prune === 'string') p.phase(`prune: skipped: ${prune}`);
    else await step('prune', prune, join(out, rel));
  }
  if (plan.cleanup) await step('cleanup', plan.manager.run(plan.cleanup), join(out, rel));
  writeOutStamp(stampPath, { install: key, node: node.version });
  p.phase(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${out}`);
  return { node: node.version, installed, built, copied: copied.copied };
}
