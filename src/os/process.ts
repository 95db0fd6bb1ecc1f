// The one door through which the supervisor starts and signals processes. Each child leads
// its own session and process group (so group signals reach its whole tree, and a Ctrl-C at
// the supervisor's terminal does not), runs with the uid, gid, umask, directory and
// environment asked for, and has its stdout and stderr on pipes (real ones, as supervisord's
// children have: pipe-pool.ts; Node's socketpairs where pipes cannot be made).
import { spawn as nodeSpawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { constants as osConstants } from 'node:os';
import type { Readable } from 'node:stream';
import { launchChain } from './launch-chain.js';
import type { ExitStatus, SpawnedChild, SpawnSpec } from './process-host.js';
import { closeEnds, PipePool, type PipeEnds } from './pipe-pool.js';
import { sharedBufferReader } from './pipe-reader.js';

const defaultPipes = new PipePool();

/** Calls `listener` once if the children's pipes cannot be made here (they get socketpairs). */
export function whenPipesUnavailable(listener: (reason: string) => void): void {
  defaultPipes.onUnavailable = listener;
  if (defaultPipes.unavailable !== null) listener(defaultPipes.unavailable);
}

/**
 * How our ends of the pipes are read: as ordinary streams, or (the supervisor's capture) through
 * one shared buffer, for capturePipe's chunk listener only (pipe-reader.ts).
 */
export type PipeReading = 'stream' | 'shared-buffer';

/**
 * Starts a child. Resolves once it has a pid; rejects with the errno error (ENOENT, EACCES,
 * EAGAIN …) when the exec or fork failed, which Node reports on the next tick.
 */
export async function spawnChild(
  req: SpawnSpec,
  pipes: PipePool | null = defaultPipes,
  reading: PipeReading = 'stream',
): Promise<SpawnedChild> {
  const out = pipes ? (pipes.takeNow() ?? (await pipes.take())) : null;
  // One pipe on both descriptors is redirect_stderr, with no shell in front to dup2 it.
  const err = out && !req.redirectStderr ? (pipes!.takeNow() ?? (await pipes!.take())) : null;
  if (out && !req.redirectStderr && !err) {
    closeEnds(out);
    return spawnChild(req, null, reading);
  }
  const launch = launchChain(out ? { ...req, redirectStderr: false } : req);
  const [argv0 = launch.file, ...args] = launch.argv;
  const stdin = req.stdinFd ?? 'pipe';
  const stdio: StdioOptions = out
    ? [stdin, out.write, (err ?? out).write]
    : [stdin, 'pipe', req.redirectStderr ? 'ignore' : 'pipe'];
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
      stdio,
    });
  } catch (e) {
    for (const ends of [out, err]) if (ends) closeEnds(ends);
    throw e;
  } finally {
    if (previousUmask !== null) process.umask(previousUmask);
  }
  // The child has its copies of the write ends; ours would keep the pipes from ever ending.
  for (const ends of [out, err]) if (ends) fs.closeSync(ends.write);
  const readEnd = (ends: PipeEnds): Readable =>
    reading === 'shared-buffer'
      ? sharedBufferReader(ends.read)
      : new net.Socket({ fd: ends.read, readable: true, writable: false });
  const stdout = out ? readEnd(out) : child.stdout!;
  const stderr = req.redirectStderr ? null : err ? readEnd(err) : child.stderr!;
  if (child.pid === undefined) {
    stdout.destroy();
    stderr?.destroy();
    return new Promise((_resolve, reject) => child.once('error', reject));
  }
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) =>
      resolve({ code, signal: signal ? signal.replace(/^SIG/, '') : null }),
    );
  });
  // After a successful spawn, errors come from the pipes or kill(); the exit event still comes.
  child.on('error', () => {});
  return {
    pid: child.pid,
    stdin: child.stdin,
    stdout,
    stderr,
    exited,
  };
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
