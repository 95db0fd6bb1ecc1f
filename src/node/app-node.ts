// Which Node.js an app runs on, and where it is installed: the choice `modulus start` makes before
// it runs the app, and `modulus build` before it installs the app's dependencies, so both use the
// same version (recorded in the volume) and the same install.
import { ModulusError } from '../errors/modulus-error.js';
import { findInstalled, installVersion, listInstalled, type Installed } from './install.js';
import type { NodeLayout } from './layout.js';
import { mirrorFrom, type Fetch, type Mirror } from './mirror.js';
import { loadIndex } from './node-index.js';
import type { FoundPackage } from './package-json.js';
import { readRecord, sameInputs, SPEC_GRAMMAR, writeRecord, type ResolvedRecord } from './resolved-record.js';
import { compareVersions, formatVersion, parseVersion, type Version } from './version.js';
import { findVersionRequest, type VersionRequest } from './version-source.js';
import type { VersionSpec } from './version-spec.js';

export interface NodeDeps {
  env: NodeJS.ProcessEnv;
  fetch: Fetch;
  now: () => number;
  log: (line: string) => void;
}

/** What the preinstalled versions are, in messages: the image's, or (local runs) this host's. */
function preinstalledName(env: NodeJS.ProcessEnv): string {
  return env.MODULUS_NODE_PREINSTALLED_NAME || "the image's preinstalled Node.js";
}

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
  deps: NodeDeps;
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
      deps.log(`Node.js ${preinstalled} (no version requested: ${preinstalledName(deps.env)})`);
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
      `using Node.js ${version} from ${found.from === 'image' ? preinstalledName(ctx.deps.env) : 'the cache'} (${found.dir})`,
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

export interface AppNode {
  readonly version: string;
  readonly installed: Installed;
}

/** The Node.js for the app whose package.json is `pkg` (or none, in `dir`), installed if need be. */
export async function appNode(
  deps: NodeDeps,
  layout: NodeLayout,
  platform: string,
  dir: string,
  pkg: FoundPackage | undefined,
): Promise<AppNode> {
  const ctx: VersionContext = { deps, layout, mirror: mirrorFrom(deps.env), platform };
  const request = await findVersionRequest(deps.env, dir, pkg?.manifest.enginesNode, pkg?.path);
  const version = await chooseVersion(ctx, request);
  return { version, installed: await ensureInstalled(ctx, version) };
}
