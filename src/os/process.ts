// The one door through which the supervisor starts and signals processes. Each child leads
// its own session and process group (so group signals reach its whole tree, and a Ctrl-C at
// the supervisor's terminal does not), runs with the uid, gid, umask, directory and
// environment asked for, and has its stdout and stderr on pipes.
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { launchChain } from './launch-chain.js';
import type { ExitStatus, SpawnedChild, SpawnSpec } from './process-host.js';

/**
 * Starts a child. Resolves once it has a pid; rejects with the errno error (ENOENT, EACCES,
 * EAGAIN …) when the exec or fork failed, which Node reports on the next tick.
 */
export function spawnChild(req: SpawnSpec): Promise<SpawnedChild> {
  const launch = launchChain(req);
  const [argv0 = launch.file, ...args] = launch.argv;
  const previousUmask = req.umask == null ? null : process.umask(req.umask);
  let child: ChildProcess;
  try {
    // uv_spawn forks synchronously inside spawn(), so the umask set around it is the child's.
    child = nodeSpawn(launch.file, args, {
      argv0,
      env: req.env,
      cwd: req.cwd ?? undefined,
      uid: launch.uid,
      gid: launch.gid,
      detached: req.newSession ?? true,
      stdio: [req.stdinFd ?? 'pipe', 'pipe', req.redirectStderr ? 'ignore' : 'pipe'],
    });
  } catch (err) {
    return Promise.reject(err);
  } finally {
    if (previousUmask !== null) process.umask(previousUmask);
  }
  if (child.pid === undefined) {
    return new Promise((_resolve, reject) => child.once('error', reject));
  }
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) =>
      resolve({ code, signal: signal ? signal.replace(/^SIG/, '') : null }),
    );
  });
  // After a successful spawn, errors come from the pipes or kill(); the exit event still comes.
  child.on('error', () => {});
  return Promise.resolve({
    pid: child.pid,
    stdin: child.stdin,
    stdout: child.stdout!,
    stderr: req.redirectStderr ? null : child.stderr!,
    exited,
  });
}

export function signalNumber(name: string): number | undefined {
  const key = `SIG${name}` as keyof typeof osConstants.signals;
  return osConstants.signals[key];
}

/**
 * Sends a signal to a pid, or to its whole process group. Returns false when there was
 * nobody to signal (ESRCH), so a stop racing an exit is not an error.
 */
export function sendSignal(pid: number, signal: string, group: boolean): boolean {
  if (pid <= 0) return false;
  try {
    process.kill(group ? -pid : pid, `SIG${signal}` as NodeJS.Signals);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/**
 * Daemon mode: runs this same CLI again in a new session with stdio detached, and returns its
 * pid; the caller exits. (Node cannot fork, so the child starts over with `--nodaemon`.)
 */
export function daemonize(args: readonly string[], cwd: string | null): number {
  const script = process.argv[1];
  const child = nodeSpawn(process.execPath, [...(script ? [script] : []), 'supervisord', ...args], {
    detached: true,
    stdio: 'ignore',
    cwd: cwd ?? undefined,
  });
  child.unref();
  return child.pid ?? 0;
}

/** True while the process group `pgid` has at least one member. */
export function groupAlive(pgid: number): boolean {
  if (pgid <= 0) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
