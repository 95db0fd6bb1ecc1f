// Where this package is installed, found from the running bundle: the `modulus` script itself
// (the supervisor, the notifier and the app's `start` run it again) and the run-node `start`
// wrapper that `modulus run` uses as the app's command on a bare host.
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';

export interface InstallPaths {
  /** Absolute path of dist/modulus.js. */
  readonly cli: string;
  readonly packageRoot: string;
  /** images/run-node/start, the sh wrapper that becomes the app. */
  readonly startScript: string;
}

/** The script this process runs (the bundle when run as `modulus` or `node dist/modulus.js`). */
export function runningScript(): string {
  // In the CommonJS bundle __filename is a file of the bundle, whatever symlink started it.
  const bundled = typeof __filename === 'string' && __filename.endsWith('.js') ? __filename : undefined;
  const script = bundled === undefined ? process.argv[1] : bundleEntry(bundled);
  if (script === undefined)
    throw new ModulusError('RUN_PACKAGE_INCOMPLETE', 'cannot tell where the modulus script is');
  return script;
}

/**
 * The bundle's entry for one of its files: scripts/bundle.mjs puts each subcommand in
 * dist/commands/NAME.js, which dist/modulus.js loads; the entry is what runs modulus again.
 */
export function bundleEntry(file: string): string {
  return basename(dirname(file)) === 'commands' ? join(dirname(dirname(file)), 'modulus.js') : file;
}

export function installPaths(script: string = runningScript()): InstallPaths {
  let cli: string;
  try {
    cli = realpathSync(resolve(script));
  } catch (cause) {
    throw new ModulusError('RUN_PACKAGE_INCOMPLETE', `cannot find the modulus script at ${script}`, {
      cause,
    });
  }
  const packageRoot = dirname(dirname(cli));
  const startScript = join(packageRoot, 'images', 'run-node', 'start');
  if (!existsSync(startScript))
    throw new ModulusError(
      'RUN_PACKAGE_INCOMPLETE',
      `the run-node start wrapper is missing: no ${startScript} beside ${cli}`,
    );
  return { cli, packageRoot, startScript };
}
