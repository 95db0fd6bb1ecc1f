// The whole `modulus start` decision: the app dir, the entry, the Node.js version (recorded, resolved
// or installed as needed), PATH and the argv to exec. Each step logs one short line.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { chooseEntry } from './entry.js';
import { splitExecArgs } from './exec-args.js';
import { findInstalled, installVersion, listInstalled, type Installed } from './install.js';
import { nodeLayout, type NodeLayout } from './layout.js';
import { mirrorFrom, type Fetch, type Mirror } from './mirror.js';
import { loadIndex } from './node-index.js';
import { npmStartCommand } from './npm-start.js';
import type { ExecPlan } from './plan-script.js';
import { readPackage } from './package-json.js';
import { readRecord, sameInputs, SPEC_GRAMMAR, writeRecord, type ResolvedRecord } from './resolved-record.js';
import { compareVersions, formatVersion, parseVersion, type Version } from './version.js';
import { findVersionRequest, type VersionRequest } from './version-source.js';
import type { VersionSpec } from './version-spec.js';

export interface PlanDeps {
  env: NodeJS.ProcessEnv;
  fetch: Fetch;
  now: () => number;
  log: (line: string) => void;
  /** `linux-x64` etc.; defaults to this machine. */
  platform?: string;
}

const ARCH: Record<string, string> = {
  x64: 'x64',
  arm64: 'arm64',
  arm: 'armv7l',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

export function machinePlatform(): string {
  return `linux-${ARCH[process.arch] ?? process.arch}`;
}

const isFileIn = (dir: string) => (file: string) => {
  try {
    return statSync(join(dir, file)).isFile();
  } catch {
    return false;
  }
};

/** Loaded here, not at the top: node-semver's set-up is not needed when the record answers. */
async function parseRequest(request: VersionRequest | undefined): Promise<VersionSpec | undefined> {
  if (!request) return undefined;
  const { parseVersionSpec } = await import('./version-spec.js');
  try {
    return parseVersionSpec(request.text);
  } catch (err) {
    if (err instanceof ModulusError)
      throw new ModulusError(err.code, `${request.source}: ${err.message}`, { hint: err.hint });
    throw err;
  }
}

interface VersionContext {
  deps: PlanDeps;
  layout: NodeLayout;
  mirror: Mirror;
  platform: string;
}

/** The newest version the image ships, if any (a version only in the cache does not count). */
async function newestPreinstalled(layout: NodeLayout): Promise<string | undefined> {
  let newest: Version | undefined;
  for (const name of await listInstalled(layout)) {
    const v = parseVersion(name);
    if (!v || (newest && compareVersions(v, newest) <= 0)) continue;
    if ((await findInstalled(layout, name))?.from === 'image') newest = v;
  }
  return newest && formatVersion(newest);
}

/**
 * The version to run: with no request, the image's newest (no network, and an image upgrade takes
 * effect at once, so no record is read or written); else the recorded one for unchanged inputs
 * (the specifier is not parsed again), an exact pin, or a resolution against the index.
 */
async function chooseVersion(ctx: VersionContext, request: VersionRequest | undefined): Promise<string> {
  const { deps, layout, mirror, platform } = ctx;
  if (!request) {
    const preinstalled = await newestPreinstalled(layout);
    if (preinstalled) {
      deps.log(`Node.js ${preinstalled} (no version requested: the image's preinstalled Node.js)`);
      return preinstalled;
    }
  }
  const asked = request ? `"${request.text}" from ${request.source}` : 'no version requested: newest LTS';
  const inputs = {
    spec: request?.text ?? '',
    grammar: SPEC_GRAMMAR,
    source: request?.source ?? '',
    mirror: mirror.shown(),
    platform,
  };
  const record = await readRecord(layout.resolvedRecord);
  if (record && sameInputs(record, inputs)) {
    deps.log(`Node.js ${record.version} (${asked}; same as the last start)`);
    return record.version;
  }
  // Parsed only here: the same text in the same grammar parsed when the record was written.
  const spec = await parseRequest(request);
  let version: string;
  if (spec?.kind === 'range' && spec.exact) {
    version = spec.exact;
  } else {
    const index = await loadIndex({
      fetch: deps.fetch,
      mirror,
      cacheFile: layout.indexCache,
      now: deps.now(),
      log: deps.log,
    });
    const installed = await listInstalled(layout);
    const { resolveVersion } = await import('./resolve.js');
    const resolution = resolveVersion({
      spec,
      index: index.entries,
      installed,
      platformFile: platform,
      now: new Date(deps.now()),
    });
    for (const w of resolution.warnings) deps.log(`warning: ${w}`);
    version = resolution.version;
  }
  deps.log(`Node.js ${version} (${asked})`);
  const failure = await writeRecord(layout.resolvedRecord, { ...inputs, version } satisfies ResolvedRecord);
  if (failure)
    deps.log(`warning: cannot record the chosen version (${failure}); the next start resolves it again`);
  return version;
}

async function ensureInstalled(ctx: VersionContext, version: string): Promise<Installed> {
  const found = await findInstalled(ctx.layout, version);
  if (found) {
    ctx.deps.log(
      `using Node.js ${version} from ${found.from === 'image' ? 'the image' : 'the cache'} (${found.dir})`,
    );
    return found;
  }
  return installVersion({
    version,
    layout: ctx.layout,
    mirror: ctx.mirror,
    fetch: ctx.deps.fetch,
    platform: ctx.platform,
    log: ctx.deps.log,
  });
}

export async function makePlan(deps: PlanDeps): Promise<ExecPlan> {
  const layout = nodeLayout(deps.env);
  const pkg = await readPackage(layout.appRoot);
  if (pkg) deps.log(`app: ${pkg.path}`);
  else deps.log(`warning: no package.json under ${layout.appRoot}; starting without one`);
  const dir = pkg?.dir ?? layout.appRoot;

  const { entry, warnings } = chooseEntry(pkg?.manifest, isFileIn(dir), dir);
  for (const w of warnings) deps.log(`warning: ${w}`);
  deps.log(
    entry.kind === 'npm-start'
      ? `entry: npm start (${entry.script})`
      : `entry: ${entry.file} (${entry.why === 'main' ? 'package.json main' : 'first default file found'})`,
  );

  const ctx: VersionContext = {
    deps,
    layout,
    mirror: mirrorFrom(deps.env),
    platform: deps.platform ?? machinePlatform(),
  };
  const request = await findVersionRequest(deps.env, dir, pkg?.manifest.enginesNode, pkg?.path);
  const version = await chooseVersion(ctx, request);
  const installed = await ensureInstalled(ctx, version);

  const path = deps.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  if (entry.kind === 'npm-start') {
    const cmd = npmStartCommand(pkg!.manifest, entry.script, entry.prestart, dir, installed.dir, path);
    return { cwd: dir, env: cmd.env, argv: cmd.argv, forwardSignals: cmd.forwardSignals };
  }
  const nodeBin = join(installed.dir, 'bin', 'node');
  const execArgs = splitExecArgs(deps.env.EXEC_ARGS ?? '');
  return {
    cwd: dir,
    env: { PATH: `${join(installed.dir, 'bin')}:${path}` },
    argv: [nodeBin, ...execArgs, entry.file],
    forwardSignals: false,
  };
}
