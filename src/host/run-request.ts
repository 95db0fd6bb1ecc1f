// What `modulus run` was asked to do, read from its command line (src/cli/run.ts): the input of
// both runners. The app's own description is the AppSpec every mode shares. Types only.
import type { AppSpec } from './app-spec.js';
import type { Workspace } from './workspace.js';

export interface RunRequest extends AppSpec {
  readonly mode: 'local' | 'docker';
  /** Absolute path of the volume on the host. */
  readonly volume: string;
  readonly image: string;
  readonly workspace: Workspace;
  /** The command line that asked for this run (`modulus run …`), quoted for a shell, for hints. */
  readonly rerun: string;
}
