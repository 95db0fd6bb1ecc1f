// The one narrow seam between the supervisor and the operating system for everything a child is:
// how it is made (the full spawn spec, and the sockets it may be given), how it is signalled,
// how its exit is learned, and the clock and timers its lifecycle runs on. The supervisor and the process runner receive a
// ProcessHost; the daemon passes the real one, unit tests a fake that records and scripts.
import type { Readable, Writable } from 'node:stream';
import { listenSocket, type ListeningSocket, type ListenSpec } from './listen-socket.js';
import { groupAlive, sendSignal, spawnChild } from './process.js';

/** A resource limit for the child, as setrlimit(2) takes it; Infinity is RLIM_INFINITY. */
export interface ChildLimit {
  readonly soft: number;
  readonly hard: number;
}

/** Everything a child is given. Fields left out (or null) are inherited from the supervisor. */
export interface SpawnSpec {
  /** Absolute path of the executable (already resolved against PATH). */
  readonly file: string;
  /** argv including argv[0]. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string | null;
  readonly uid?: number | null;
  readonly gid?: number | null;
  /** Supplementary groups (the primary gid first, as supervisord's setgroups list); with uid. */
  readonly groups?: readonly number[] | null;
  readonly umask?: number | null;
  /**
   * The child leads a new session and process group (the default: group signals reach its whole
   * tree, and a Ctrl-C at the supervisor's terminal does not). false keeps ours.
   */
  readonly newSession?: boolean;
  /** RLIMIT_NOFILE and RLIMIT_NPROC for the child; absent ones are inherited. */
  readonly limits?: { readonly files?: ChildLimit; readonly processes?: ChildLimit } | null;
  /** A descriptor of ours the child gets as fd 0 instead of a stdin pipe ([fcgi-program] sockets). */
  readonly stdinFd?: number | null;
  /** Send stderr into the stdout pipe (dup2 in the child), as redirect_stderr does. */
  readonly redirectStderr?: boolean;
}

export interface ExitStatus {
  readonly code: number | null;
  /** The signal name without SIG. */
  readonly signal: string | null;
}

export interface SpawnedChild {
  readonly pid: number;
  /** null when the child's fd 0 is a descriptor of ours (stdinFd). */
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  /** null when stderr is redirected into stdout. */
  readonly stderr: Readable | null;
  /** Resolves once, when the child has exited. */
  readonly exited: Promise<ExitStatus>;
}

/** Cancels a timer; calling it after the timer fired does nothing. */
export type CancelTimer = () => void;

export interface ProcessHost {
  /**
   * Starts a child. Resolves once it has a pid; rejects with the errno error (ENOENT, EACCES,
   * EAGAIN …) when the fork or exec failed.
   */
  spawn(spec: SpawnSpec): Promise<SpawnedChild>;
  /** Signals a pid or its process group; false when nobody was there (ESRCH). Throws otherwise. */
  signal(pid: number, signal: string, group: boolean): boolean;
  /** True while the process group `pgid` has at least one member. */
  groupAlive(pgid: number): boolean;
  /** Monotonic milliseconds, for deadlines. */
  now(): number;
  /** Wall-clock milliseconds since the epoch, for the times the API reports. */
  wallClock(): number;
  /** Calls `fire` once after `ms`; the returned function cancels it. */
  setTimer(ms: number, fire: () => void): CancelTimer;
  /** A listening socket held for children to accept on (given as their stdinFd); throws errno errors. */
  listen(spec: ListenSpec): ListeningSocket;
}

/** The real host: Node's spawn and kill, performance.now and Date.now, setTimeout. */
export const realProcessHost: ProcessHost = {
  // The supervisor's children: their output goes to capturePipe, through one shared read buffer.
  spawn: (spec) => spawnChild(spec, undefined, 'shared-buffer'),
  signal: sendSignal,
  groupAlive,
  now: () => performance.now(),
  wallClock: () => Date.now(),
  setTimer(ms, fire) {
    const timer = setTimeout(fire, ms);
    return () => clearTimeout(timer);
  },
  listen: (spec) => listenSocket(spec),
};
