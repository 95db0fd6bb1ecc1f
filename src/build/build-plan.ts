// What `modulus build` does for an app, decided from its package.json and lockfiles (pure): the
// package manager and its install command (src/build/package-manager.ts), and the scripts around
// it in the order Heroku's Node.js buildpack runs them (heroku-prebuild, install, heroku-postbuild
// instead of build when both exist, prune, heroku-cleanup).
import {
  corepackManager,
  NPM_LOCKFILES,
  npmManager,
  OTHER_LOCKFILES,
  parsePackageManager,
  type PackageManager,
} from './package-manager.js';

export { NPM_LOCKFILES } from './package-manager.js';

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
  readonly manager: PackageManager;
  /** The manager's install arguments, or undefined when there is nothing to install. */
  readonly install: readonly string[] | undefined;
  readonly prebuild: string | undefined;
  /** The script run after the install: heroku-postbuild if defined, else build. */
  readonly build: string | undefined;
  readonly cleanup: string | undefined;
  readonly warnings: readonly string[];
}

/**
 * The manager: the one `packageManager` names; else npm with an npm lockfile; else pnpm or yarn by
 * their lockfile; else npm without a lockfile. `readLock` gives a lockfile's text.
 */
function chooseManager(
  manifest: AppManifest,
  files: readonly string[],
  readLock: (file: string) => string,
  warnings: string[],
): { manager: PackageManager; lockfile: string | undefined } {
  const npmLock = NPM_LOCKFILES.find((f) => files.includes(f));
  const others = (['pnpm', 'yarn'] as const).filter((m) => files.includes(OTHER_LOCKFILES[m]));
  const declared = parsePackageManager(manifest.packageManager);
  const corepack = (name: 'pnpm' | 'yarn') => {
    const lockfile = OTHER_LOCKFILES[name];
    const text = files.includes(lockfile) ? readLock(lockfile) : undefined;
    return { manager: corepackManager(name, manifest.packageManager, text), lockfile };
  };
  if (declared && declared.name !== 'npm') {
    if (npmLock) warnings.push(`${npmLock} is there too, but "packageManager" names ${declared.name}: installing with ${declared.name}`);
    return corepack(declared.name);
  }
  if (npmLock) {
    if (others.length > 0)
      warnings.push(`${npmLock} and ${others.map((m) => OTHER_LOCKFILES[m]).join(', ')} both exist; installing with npm from ${npmLock}`);
    return { manager: npmManager(true), lockfile: npmLock };
  }
  if (others[0]) {
    if (others.length > 1) warnings.push(`${OTHER_LOCKFILES.pnpm} and ${OTHER_LOCKFILES.yarn} both exist; installing with pnpm`);
    return corepack(others[0]);
  }
  return { manager: npmManager(false), lockfile: undefined };
}

export function planBuild(
  manifest: AppManifest,
  files: readonly string[],
  readLock: (file: string) => string = () => '',
): BuildPlan {
  const warnings: string[] = [];
  const { manager, lockfile } = chooseManager(manifest, files, readLock, warnings);
  let install: readonly string[] | undefined;
  if (manifest.hasDependencies) {
    install = manager.install;
    if (!lockfile)
      warnings.push(
        'no package-lock.json: npm install picks the newest versions that match, so builds may differ; commit a lockfile for repeatable builds',
      );
  }
  const s = manifest.scripts;
  const has = (name: string): string | undefined => (s[name]?.trim() ? name : undefined);
  return {
    lockfile,
    manager,
    install,
    prebuild: has('heroku-prebuild'),
    build: has('heroku-postbuild') ?? has('build'),
    cleanup: has('heroku-cleanup'),
    warnings,
  };
}
