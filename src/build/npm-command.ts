// Runs the package manager for `modulus build` with the Node.js the app will run on: that
// installation's own npm, or its corepack for pnpm and yarn (which fetches the manager from the
// npm registry, cached beside the build cache), its bin first on PATH (so install scripts and
// node-gyp build native modules for it), its headers for node-gyp when it ships them, the
// managers' caches beside the build cache. The command leads its own process group, so an
// interrupt stops it and everything it started (node-gyp, make, cc).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { runCommand } from '../os/run-command.js';
import type { PackageManager } from './package-manager.js';

export interface NpmContext {
  /** The Node.js installation (its prefix: bin/node, lib/node_modules/npm). */
  readonly nodeDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** npm's download cache; the other managers' caches are beside it. */
  readonly npmCache: string;
  readonly signal: AbortSignal;
  readonly onOutput: (chunk: string) => void;
}

export function npmCli(nodeDir: string): string {
  const cli = join(nodeDir, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  if (!existsSync(cli))
    throw new ModulusError('BUILD_NO_NPM', `the Node.js in ${nodeDir} has no npm (${cli} is missing)`, {
      hint: "Use a Node.js distribution that includes npm, as nodejs.org's tarballs do.",
    });
  return cli;
}

/** The environment npm runs in (pure): NODE_ENV=production unless the app sets it. */
export function npmEnv(ctx: Pick<NpmContext, 'nodeDir' | 'env' | 'npmCache'>, hasHeaders: boolean): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    PATH: [join(ctx.nodeDir, 'bin'), ctx.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'].join(':'),
    NODE_ENV: ctx.env.NODE_ENV ?? 'production',
    npm_config_cache: ctx.npmCache,
    npm_config_update_notifier: 'false',
    npm_config_foreground_scripts: 'true',
  };
  // node-gyp downloads headers (from NODEJS_ORG_MIRROR) unless told where a local copy is.
  if (hasHeaders) env.npm_config_nodedir = ctx.nodeDir;
  return env;
}

/** corepack's CLI in a Node.js installation; Node.js 25 and later ship none. */
export function corepackCli(nodeDir: string, version: string, manager: string): string {
  const cli = join(nodeDir, 'lib', 'node_modules', 'corepack', 'dist', 'corepack.js');
  if (!existsSync(cli))
    throw new ModulusError(
      'BUILD_NO_COREPACK',
      `Node.js ${version} ships no corepack (Node.js 25 and later do not), and modulus runs ${manager} through it`,
      {
        hint: `Ask for Node.js 24 or earlier (engines.node, .nvmrc or .node-version), or install with npm: commit a package-lock.json (npm install --package-lock-only) instead of the ${manager} lockfile.`,
      },
    );
  return cli;
}

/**
 * What corepack and the managers it runs get besides npmEnv (pure; the user's own settings win):
 * their caches, no prompt before a download and no packageManager written into package.json, the
 * npm registry to fetch pnpm and yarn from (yarn 2+ would otherwise come from repo.yarnpkg.com),
 * and yarn 2+ installing into node_modules, since the app is started with plain node.
 */
export function corepackEnv(base: NodeJS.ProcessEnv, npmCache: string): NodeJS.ProcessEnv {
  const beside = (name: string): string => join(npmCache, '..', name);
  const defaults: Record<string, string> = {
    COREPACK_HOME: beside('corepack'),
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    COREPACK_ENABLE_AUTO_PIN: '0',
    COREPACK_NPM_REGISTRY: base.npm_config_registry || 'https://registry.npmjs.org',
    npm_config_store_dir: beside('pnpm-store'),
    YARN_CACHE_FOLDER: beside('yarn'),
    YARN_GLOBAL_FOLDER: beside('yarn-berry'),
    YARN_NODE_LINKER: 'node-modules',
    YARN_ENABLE_TELEMETRY: '0',
  };
  const env = { ...base };
  for (const [k, v] of Object.entries(defaults)) env[k] ??= v;
  return env;
}

/** The manager with ARGS in `cwd`; throws with the command and status when it fails or is interrupted. */
export async function runManager(
  ctx: NpmContext & { readonly nodeVersion: string },
  manager: Pick<PackageManager, 'name' | 'spec'>,
  args: readonly string[],
  cwd: string,
): Promise<void> {
  const hasHeaders = existsSync(join(ctx.nodeDir, 'include', 'node', 'node.h'));
  const shown = `${manager.name} ${args.join(' ')}`;
  const env = npmEnv(ctx, hasHeaders);
  const argv =
    manager.name === 'npm'
      ? [npmCli(ctx.nodeDir), ...args]
      : [corepackCli(ctx.nodeDir, ctx.nodeVersion, manager.name), manager.spec ?? manager.name, ...args];
  const result = await runCommand(join(ctx.nodeDir, 'bin', 'node'), argv, {
    cwd,
    env: manager.name === 'npm' ? env : corepackEnv(env, ctx.npmCache),
    onOutput: (chunk) => ctx.onOutput(chunk),
    group: { signal: ctx.signal },
  });
  if (ctx.signal.aborted)
    throw new ModulusError(
      'BUILD_INTERRUPTED',
      `interrupted during ${shown}: stopped it and every process it started`,
      { hint: 'Nothing half-done is used: the next run does this step again.' },
    );
  if (result.code !== 0)
    throw new ModulusError('BUILD_STEP_FAILED', `${shown} in ${cwd} failed with status ${result.code}`, {
      hint: `Fix what ${manager.name} printed above, then run again.`,
    });
}
