// The `.modulus` folder that `modulus run`, `ctl` and `logs` share, in the directory they are run
// from: default volumes, runtime dirs (config, control socket) and run records, declared once.
import { join, resolve } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';

export interface RuntimeDir {
  readonly dir: string;
  /** The supervisor's global config (renderGlobalConf). */
  readonly config: string;
  readonly socket: string;
  /** Where the supervisor's own stdout and stderr go, shown when it fails. */
  readonly output: string;
}

export interface Workspace {
  /** `<cwd>/.modulus` */
  readonly root: string;
  /** The run that `ctl`, `logs` and `notifications` use when no --name is given. */
  readonly current: string;
  /**
   * Node.js versions the app may use without a network (`MODULUS_NODE_PREINSTALLED_DIR`). Outside
   * the root-only runtime dirs, so an app running as another user can reach it.
   */
  readonly preinstalledNode: string;
  volume(name: string): string;
  /** The build cache of local runs (root's, outside the volume the app's user writes to). */
  buildCache(name: string): string;
  runtime(name: string): RuntimeDir;
  record(name: string): string;
}

export function workspace(cwd: string = process.cwd()): Workspace {
  const root = join(resolve(cwd), '.modulus');
  return {
    root,
    current: join(root, 'current.json'),
    preinstalledNode: join(root, 'node'),
    volume: (name) => join(root, 'volumes', name),
    buildCache: (name) => join(root, 'build', name),
    runtime: (name) => {
      const dir = join(root, 'run', name);
      return {
        dir,
        config: join(dir, 'supervisord.conf'),
        socket: join(dir, 'supervisor.sock'),
        output: join(dir, 'supervisord.out'),
      };
    },
    record: (name) => join(root, 'runs', `${name}.json`),
  };
}

// What Docker accepts as a container name, which also keeps the name safe in paths and configs.
const RUN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** The run name, checked: `--name` if given, else the app dir's base name. */
export function checkRunName(name: string, fromFlag: boolean): string {
  if (RUN_NAME.test(name)) return name;
  throw new ModulusError(
    'USAGE',
    fromFlag
      ? `--name "${name}" is not a valid run name`
      : `the app directory's name "${name}" cannot name the run`,
    { hint: 'Use --name NAME with letters, digits, ".", "_" and "-" (starting with a letter or digit).' },
  );
}
