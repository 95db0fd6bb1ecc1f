// Everything a process needs before it can be spawned, decided from its config: the file and
// argv, the uid, gid and supplementary groups for `user=`, and the environment (the supervisor's own, then
// SUPERVISOR_* as supervisord sets them, then the program's `environment=`).
import { statSync } from 'node:fs';
import type { ProcessConfig } from '../config/model.js';
import { ModulusError } from '../errors/modulus-error.js';
import { lookupUser, supplementaryGroups } from '../os/users.js';
import { resolveExecutable } from './executable.js';
import type { SpawnPlan } from './process-runner.js';

export interface PlanContext {
  /** The supervisor's environment after [supervisord] environment= was applied. */
  readonly baseEnv: Readonly<Record<string, string>>;
  /** SUPERVISOR_SERVER_URL for programs whose serverurl is AUTO; null if no server runs. */
  readonly serverUrl: string | null;
  /** The supervisor's effective uid (user= needs root unless it names ourselves). */
  readonly euid: number;
}

export function planSpawn(config: ProcessConfig, ctx: PlanContext): SpawnPlan {
  const env: Record<string, string> = { ...ctx.baseEnv, SUPERVISOR_ENABLED: '1' };
  const serverUrl = config.serverurl ?? ctx.serverUrl;
  if (serverUrl) env.SUPERVISOR_SERVER_URL = serverUrl;
  env.SUPERVISOR_PROCESS_NAME = config.name;
  env.SUPERVISOR_GROUP_NAME = config.group;
  Object.assign(env, config.environment);

  let uid: number | null = null;
  let gid: number | null = null;
  let groups: number[] | null = null;
  if (config.user !== null) {
    const user = lookupUser(config.user);
    if (user.uid !== ctx.euid) {
      if (ctx.euid !== 0) {
        throw new ModulusError(
          'NOT_ROOT_FOR_USER',
          `can't drop privilege to user ${config.user} for ${config.name}: the supervisor is not running as root`,
        );
      }
      uid = user.uid;
      gid = user.gid;
      groups = supplementaryGroups(user);
    }
  }
  if (config.directory !== null) assertDirectory(config);
  const { file, argv } = resolveExecutable(config.command, env.PATH);
  return { file, argv, env, uid, gid, groups };
}

function assertDirectory(config: ProcessConfig): void {
  // Checked here so a missing directory reads as such, not as ENOENT for the command.
  if (!directoryExists(config.directory!)) {
    throw new ModulusError('SPAWN_FAILED', `couldn't chdir to ${config.directory}: ENOENT`);
  }
}

function directoryExists(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
