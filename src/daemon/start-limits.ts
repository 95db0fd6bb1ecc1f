// supervisord's minfds and minprocs at start-up, and the open-file limit its programs inherit.
// supervisord raises a soft RLIMIT_NOFILE or RLIMIT_NPROC below the minimum to the minimum (and
// the hard limit with it when that is lower, which only root may do) and refuses to start when
// that fails. Its programs inherit the result. Node.js has already raised our soft open-file
// limit to the hard one, so we put it back to what supervisord would have: the soft limit we
// were launched with, or minfds when that is higher. Programs then inherit supervisord's limits.
import { errnoCode, ModulusError } from '../errors/modulus-error.js';
import { limitValue, readLimits, readLimitsOf, setOwnLimits, type Limit, type Limits } from '../os/limits.js';

/**
 * Where a launcher records the soft RLIMIT_NOFILE it had, for the supervisor to restore: Node.js
 * raises it before any of our code runs. The run images' `modulus` wrapper sets it
 * (`$(ulimit -Sn)`); without it the parent process's soft limit is taken.
 */
export const LAUNCH_NOFILE_ENV = 'MODULUS_LAUNCH_NOFILE';

export interface StartLimitsInput {
  readonly minfds: number;
  readonly minprocs: number;
  /** The soft RLIMIT_NOFILE we were launched with, before Node.js raised it. */
  readonly launchFileSoft: number;
  /** Our limits now. */
  readonly current: Limits;
}

/** One prlimit call on ourselves, in supervisord's order (RLIMIT_NOFILE, then RLIMIT_NPROC). */
export interface LimitStep {
  readonly set: Limits;
  /** Logged at info once set, as supervisord words it. */
  readonly info: string | null;
  /** Why supervisord refuses to start if this cannot be set; null when a failure is harmless. */
  readonly refusal: string | null;
}

export function planStartLimits(input: StartLimitsInput): LimitStep[] {
  const steps: LimitStep[] = [];
  const { files, processes } = input.current;
  if (files) {
    const raise = raised({ soft: input.launchFileSoft, hard: files.hard }, input.minfds);
    const target = raise ?? { soft: input.launchFileSoft, hard: files.hard };
    if (target.soft !== files.soft || target.hard !== files.hard) {
      steps.push({
        set: { files: target },
        info: raise ? `Increased RLIMIT_NOFILE limit to ${input.minfds}` : null,
        refusal: raise ? filesRefusal(input.minfds, files.hard) : null,
      });
    }
  }
  if (processes) {
    const raise = raised(processes, input.minprocs);
    if (raise) {
      steps.push({
        set: { processes: raise },
        info: `Increased RLIMIT_NPROC limit to ${input.minprocs}`,
        refusal: processesRefusal(input.minprocs, processes.hard),
      });
    }
  }
  return steps;
}

/** The soft open-file limit we were launched with: recorded by the launcher, else our parent's. */
export function launchFileSoft(env: NodeJS.ProcessEnv, parent: Limits, current: Limits): number {
  const recorded = env[LAUNCH_NOFILE_ENV];
  const soft =
    recorded !== undefined && /^(\d+|unlimited)$/.test(recorded)
      ? limitValue(recorded)
      : (parent.files?.soft ?? current.files?.soft ?? Infinity);
  return Math.min(soft, current.files?.hard ?? Infinity);
}

/**
 * Applies minfds and minprocs to ourselves, so that programs inherit them; returns the lines
 * supervisord logs at info. Throws LIMITS with supervisord's message when a raise is refused.
 */
export function applyStartLimits(
  sd: { readonly minfds: number; readonly minprocs: number },
  launchSoft: number,
): string[] {
  const infos: string[] = [];
  const steps = planStartLimits({
    minfds: sd.minfds,
    minprocs: sd.minprocs,
    launchFileSoft: launchSoft,
    current: readLimits(),
  });
  for (const step of steps) {
    try {
      setOwnLimits(step.set);
    } catch (err) {
      if (step.refusal && errnoCode(err) === 'ENOENT') {
        throw new ModulusError(
          'LIMITS',
          `${step.refusal} (util-linux's prlimit, which sets it, is not installed)`,
        );
      }
      if (step.refusal) throw new ModulusError('LIMITS', step.refusal);
      // Only lowering our soft limit back failed (no prlimit): programs keep Node.js's.
      infos.push(`could not restore the launch open-file limit: ${String(err).split('\n')[0]}`);
      continue;
    }
    if (step.info) infos.push(step.info);
  }
  return infos;
}

/** The launch soft limit as runDaemon needs it: recorded, else the parent's. */
export function currentLaunchFileSoft(): number {
  return launchFileSoft(process.env, readLimitsOf(process.ppid), readLimits());
}

/** supervisord's rule: a soft limit below the minimum becomes the minimum; so does a lower hard one. */
function raised(limit: Limit, min: number): Limit | null {
  if (limit.soft === Infinity || limit.soft >= min) return null;
  return { soft: min, hard: limit.hard < min ? min : limit.hard };
}

// supervisord's texts, except that they name the real hard limit (supervisord prints the minimum
// it tried to set there, which reads as if the environment allowed it).
function filesRefusal(min: number, hard: number): string {
  return (
    `The minimum number of file descriptors required to run this process is ${min} as per the ` +
    `"minfds" command-line argument or config file setting. The current environment will only ` +
    `allow you to open ${hard} file descriptors.  Either raise the number of usable file ` +
    `descriptors in your environment (see README.rst) or lower the minfds setting in the config ` +
    `file to allow the process to start.`
  );
}

function processesRefusal(min: number, hard: number): string {
  return (
    `The minimum number of available processes required to run this program is ${min} as per ` +
    `the "minprocs" command-line argument or config file setting. The current environment will ` +
    `only allow you to open ${hard} processes.  Either raise the number of usable processes in ` +
    `your environment (see README.rst) or lower the minprocs setting in the config file to allow ` +
    `the program to start.`
  );
}
