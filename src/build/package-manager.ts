// Which package manager installs an app, and its commands (pure): npm from package-lock.json
// (or none); pnpm from pnpm-lock.yaml and yarn from yarn.lock, both run through corepack, at the
// version `packageManager` in package.json pins, else the major the lockfile's format was written
// by. Each installs devDependencies for the build whatever NODE_ENV says, follows its lockfile
// exactly (frozen / immutable), and prunes to production the way that manager does.
import { ModulusError } from '../errors/modulus-error.js';

export type ManagerName = 'npm' | 'pnpm' | 'yarn';

export interface PackageManager {
  readonly name: ManagerName;
  /** corepack's first argument (`pnpm`: packageManager decides; `pnpm@9`: we do); npm has none. */
  readonly spec?: string;
  /** Shown in messages: `pnpm 9 (from pnpm-lock.yaml)`, `yarn (packageManager yarn@4.1.0)`. */
  readonly shown: string;
  /** The install's arguments, with a lockfile or (npm only) without. */
  readonly install: readonly string[];
  /**
   * Run in the output dir after the dependencies are copied there: drops devDependencies; a
   * string says why this manager cannot (yarn 2 and 3 without their workspace-tools plugin).
   */
  readonly prune: readonly string[] | string;
  /** Runs a package.json script. */
  run(script: string): readonly string[];
}

export const NPM_LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'] as const;
export const OTHER_LOCKFILES = { pnpm: 'pnpm-lock.yaml', yarn: 'yarn.lock' } as const;

const NPM_COMMON = ['--include=dev', '--no-audit', '--no-fund'] as const;

export function npmManager(lockfile: boolean): PackageManager {
  return {
    name: 'npm',
    shown: 'npm',
    install: lockfile ? ['ci', ...NPM_COMMON] : ['install', ...NPM_COMMON],
    prune: ['prune', '--omit=dev', '--no-save', '--no-audit', '--no-fund'],
    run: (script) => ['run', script],
  };
}

/** pnpm's major from pnpm-lock.yaml's lockfileVersion: 9.0 is pnpm 9 and 10, 6.x pnpm 8, 5.x pnpm 7. */
export function pnpmMajor(lockText: string): number {
  const v = /^lockfileVersion:\s*'?(\d+)(?:\.(\d+))?/m.exec(lockText);
  const major = Number(v?.[1] ?? 9);
  return major >= 9 ? 9 : major === 6 ? 8 : 7;
}

/** yarn.lock as yarn 1 writes it (`# yarn lockfile v1`), or as yarn 2+ (YAML with `__metadata`). */
export function yarnFlavour(lockText: string): 'classic' | 'berry' {
  return /^__metadata:/m.test(lockText) ? 'berry' : 'classic';
}

function pnpm(spec: string, shown: string): PackageManager {
  return {
    name: 'pnpm',
    spec,
    shown,
    install: ['install', '--frozen-lockfile', '--production=false'],
    prune: ['prune', '--prod'],
    run: (script) => ['run', script],
  };
}

function yarn(spec: string, shown: string, flavour: 'classic' | 'berry', major: number): PackageManager {
  const classic = flavour === 'classic';
  return {
    name: 'yarn',
    spec,
    shown,
    install: classic
      ? ['install', '--frozen-lockfile', '--production=false', '--non-interactive']
      : ['install', '--immutable'],
    // Yarn 1 prunes by installing again for production (from its cache); yarn 2+ with focus.
    prune: classic
      ? ['install', '--frozen-lockfile', '--production=true', '--non-interactive', '--prefer-offline']
      : major >= 4
        ? ['workspaces', 'focus', '--all', '--production']
        : `yarn ${major} has no production prune without its workspace-tools plugin: devDependencies stay`,
    run: (script) => ['run', script],
  };
}

/** `yarn@4.1.0+sha512…` → its name and major; undefined when it names no manager we know. */
export function parsePackageManager(field: string | undefined): { name: ManagerName; major: number } | undefined {
  const m = /^(npm|pnpm|yarn)@(\d+)/.exec(field ?? '');
  return m ? { name: m[1] as ManagerName, major: Number(m[2]) } : undefined;
}

/**
 * The manager for pnpm or yarn: `packageManager` pins it (corepack reads the field: version and
 * hash), else the lockfile's format picks the major.
 */
export function corepackManager(
  name: 'pnpm' | 'yarn',
  packageManager: string | undefined,
  lockText: string | undefined,
): PackageManager {
  const pinned = parsePackageManager(packageManager);
  const lockfile = OTHER_LOCKFILES[name];
  if (lockText === undefined)
    throw new ModulusError('BUILD_PACKAGE_MANAGER', `package.json says "packageManager": "${packageManager}" but the app has no ${lockfile}`, {
      hint: `Commit the ${lockfile} that ${name} install writes: modulus installs exactly what a lockfile names.`,
    });
  if (name === 'pnpm') {
    if (pinned?.name === 'pnpm') return pnpm('pnpm', `pnpm (packageManager ${packageManager})`);
    const major = pnpmMajor(lockText);
    return pnpm(`pnpm@${major}`, `pnpm ${major} (from ${lockfile}; pin one with "packageManager")`);
  }
  const flavour = pinned?.name === 'yarn' ? (pinned.major >= 2 ? 'berry' : 'classic') : yarnFlavour(lockText);
  if (pinned?.name === 'yarn') return yarn('yarn', `yarn (packageManager ${packageManager})`, flavour, pinned.major);
  const major = flavour === 'classic' ? 1 : 4;
  return yarn(`yarn@${major}`, `yarn ${major} (from ${lockfile}; pin one with "packageManager")`, flavour, major);
}
