// What `modulus build` does for an app, decided from its package.json and lockfiles (pure): the
// install command, the scripts around it in the order Heroku's Node.js buildpack runs them
// (heroku-prebuild, install, heroku-postbuild instead of build when both exist, prune,
// heroku-cleanup), and the refusals that say which package managers we do not drive.
import { ModulusError } from '../errors/modulus-error.js';

export const NPM_LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'] as const;
const OTHER_LOCKFILES: Readonly<Record<string, string>> = { 'yarn.lock': 'yarn', 'pnpm-lock.yaml': 'pnpm' };

export interface AppManifest {
  readonly scripts: Readonly<Record<string, string>>;
  /** dependencies, devDependencies and optionalDependencies together: anything to install. */
  readonly hasDependencies: boolean;
  /** `packageManager` ("yarn@4.1.0"), if set. */
  readonly packageManager?: string;
}

export interface BuildPlan {
  /** The lockfile the install follows, or undefined for `npm install`. */
  readonly lockfile: string | undefined;
  /** npm's arguments, or undefined when there is nothing to install. */
  readonly install: readonly string[] | undefined;
  readonly prebuild: string | undefined;
  /** The script run after the install: heroku-postbuild if defined, else build. */
  readonly build: string | undefined;
  readonly cleanup: string | undefined;
  readonly warnings: readonly string[];
}

/** devDependencies are installed for the build whatever NODE_ENV says; the prune removes them after. */
const COMMON = ['--include=dev', '--no-audit', '--no-fund'] as const;

function refuseOtherManager(manager: string, why: string): never {
  throw new ModulusError('BUILD_PACKAGE_MANAGER', `${why}: modulus build installs with npm only, not ${manager}`, {
    hint: `Add a package-lock.json (npm install --package-lock-only) and modulus uses it, or ship the app as an image that runs ${manager} itself.`,
  });
}

export function planBuild(manifest: AppManifest, files: readonly string[]): BuildPlan {
  const warnings: string[] = [];
  const lockfile = NPM_LOCKFILES.find((f) => files.includes(f));
  const others = Object.keys(OTHER_LOCKFILES).filter((f) => files.includes(f));
  const declared = /^(yarn|pnpm)@/.exec(manifest.packageManager ?? '')?.[1];
  if (!lockfile) {
    if (others[0]) refuseOtherManager(OTHER_LOCKFILES[others[0]]!, `the app has ${others[0]}`);
    if (declared) refuseOtherManager(declared, `package.json says "packageManager": "${manifest.packageManager}"`);
  } else if (others.length > 0)
    warnings.push(`${lockfile} and ${others.join(', ')} both exist; installing with npm from ${lockfile}`);
  let install: string[] | undefined;
  if (manifest.hasDependencies) {
    install = lockfile ? ['ci', ...COMMON] : ['install', ...COMMON];
    if (!lockfile)
      warnings.push(
        'no package-lock.json: npm install picks the newest versions that match, so builds may differ; commit a lockfile for repeatable builds',
      );
  }
  const s = manifest.scripts;
  const has = (name: string): string | undefined => (s[name]?.trim() ? name : undefined);
  return {
    lockfile,
    install,
    prebuild: has('heroku-prebuild'),
    build: has('heroku-postbuild') ?? has('build'),
    cleanup: has('heroku-cleanup'),
    warnings,
  };
}
