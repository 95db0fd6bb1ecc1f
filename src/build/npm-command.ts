// Runs npm for `modulus build` with the Node.js the app will run on: that installation's own npm,
// its bin first on PATH (so install scripts and node-gyp build native modules for it), its headers
// for node-gyp when it ships them, npm's cache beside the build cache. The command leads its own
// process group, so an interrupt stops npm and everything it started (node-gyp, make, cc).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { runCommand } from '../os/run-command.js';

export interface NpmContext {
  /** The Node.js installation (its prefix: bin/node, lib/node_modules/npm). */
  readonly nodeDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** npm's download cache. */
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

/** `npm ARGS` in `cwd`; throws with the command and status when it fails or is interrupted. */
export async function runNpm(ctx: NpmContext, args: readonly string[], cwd: string): Promise<void> {
  const cli = npmCli(ctx.nodeDir);
  const hasHeaders = existsSync(join(ctx.nodeDir, 'include', 'node', 'node.h'));
  const shown = `npm ${args.join(' ')}`;
  const result = await runCommand(join(ctx.nodeDir, 'bin', 'node'), [cli, ...args], {
    cwd,
    env: npmEnv(ctx, hasHeaders),
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
      hint: 'Fix what npm printed above, then run again.',
    });
}
