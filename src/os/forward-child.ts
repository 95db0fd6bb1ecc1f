// Runs a program as our child for a `modulus start` that cannot exec it in its own place (Node.js
// 20 has no process.execve): the child leads its own session and process group, every signal we
// can catch is forwarded to that group, and its end becomes ours: its exit status, or death by
// the same signal. The same contract as modulus_forward in images/run-node/start.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Not forwarded: the uncatchable ones, SIGCHLD (about our own children), SIGPIPE (about our own
 * writes; Node.js ignores it), the fault signals and SIGPROF (about this process's own execution),
 * and the aliases SIGIOT and SIGPOLL.
 */
const NOT_FORWARDED = new Set([
  'SIGKILL',
  'SIGSTOP',
  'SIGCHLD',
  'SIGPIPE',
  'SIGILL',
  'SIGTRAP',
  'SIGBUS',
  'SIGFPE',
  'SIGSEGV',
  'SIGSYS',
  'SIGPROF',
  'SIGIOT',
  'SIGPOLL',
]);

export const FORWARDED_SIGNALS = Object.keys(constants.signals).filter(
  (name) => !NOT_FORWARDED.has(name),
) as NodeJS.Signals[];

export interface ForwardedRun {
  file: string;
  /** Arguments after argv[0]. */
  args: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Runs the program to its end with stdio inherited. Resolves with its exit status; when a signal
 * ended it, we die of the same signal, and resolve with 128 + its number only if that signal cannot
 * end us (one that Node.js ignores or handles itself). A program that cannot be started resolves
 * 127 (not found) or 126 (not executable), as sh does, after saying why on stderr.
 */
export function runForwardingSignals(run: ForwardedRun): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(run.file, [...run.args], {
      cwd: run.cwd,
      env: run.env,
      stdio: 'inherit',
      detached: true, // setsid: its own session and process group
    });
    const forward = (signal: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal); // the group is gone but the leader may not be
      }
    };
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const stopForwarding = (): void => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
    };
    child.on('error', (err: NodeJS.ErrnoException) => {
      stopForwarding();
      process.stderr.write(`modulus start: cannot run ${run.file}: ${err.message}\n`);
      resolve(err.code === 'ENOENT' ? 127 : 126);
    });
    child.on('exit', (code, signal) => {
      stopForwarding();
      if (signal === null) return resolve(code ?? 1);
      process.kill(process.pid, signal);
      resolve(128 + (constants.signals[signal] ?? 0));
    });
  });
}
