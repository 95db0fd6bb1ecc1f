// What `modulus run` was asked to do, read from its command line (src/cli/run.ts): the input of
// both runners. Types only.
import type { EnvPair } from './run-env.js';
import type { Workspace } from './workspace.js';

export interface RunRequest {
  readonly mode: 'local' | 'docker';
  /** Absolute path of the app's folder. */
  readonly appDir: string;
  readonly name: string;
  /** Absolute path of the volume on the host. */
  readonly volume: string;
  readonly port: number;
  /** The user's -e and --env-file values in order (PORT is carried by `port`). */
  readonly env: readonly EnvPair[];
  readonly image: string;
  readonly memory: string | undefined;
  readonly workspace: Workspace;
  /** The command line that asked for this run (`modulus run …`), quoted for a shell, for hints. */
  readonly rerun: string;
}
