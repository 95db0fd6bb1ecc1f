// The container's log as a second home for notifications. In a cluster the volume dies with the
// pod, so with MODULUS_NOTIFY_STDOUT=1 in the supervisor's environment (`modulus k8s` sets it;
// a plain `docker run` does not) every record is also one JSON line on the supervisor's stdout,
// where the cluster's log collector picks it up (NotificationWriter's lineSink).
import fs from 'node:fs';
import { boolean } from '../config/values.js';
import { ModulusError } from '../errors/modulus-error.js';

export const NOTIFY_STDOUT_ENV = 'MODULUS_NOTIFY_STDOUT';

/** Whether env asks for the JSON line; a value that is not a boolean is an error, not "off". */
export function wantsLineSink(env: NodeJS.ProcessEnv): boolean {
  const value = env[NOTIFY_STDOUT_ENV];
  if (value === undefined || value === '') return false;
  try {
    return boolean(value);
  } catch (err) {
    throw new ModulusError('USAGE', `${NOTIFY_STDOUT_ENV}: ${(err as Error).message}`);
  }
}

/** Writes each line to fd in one call where it can (a line under PIPE_BUF never interleaves). */
export function fdLineSink(fd: number): (line: string) => void {
  return (line) => {
    const buffer = Buffer.from(line);
    let off = 0;
    while (off < buffer.length) off += fs.writeSync(fd, buffer, off);
  };
}

/**
 * The supervisor's stdout, as seen from an event listener it started: the listener's own stdout
 * carries the listener protocol, so it opens the parent's through /proc (it runs as the
 * supervisor's user, which the kernel's same-user ptrace check lets read it).
 */
export function openParentStdout(ppid: number = process.ppid): number {
  return fs.openSync(`/proc/${ppid}/fd/1`, fs.constants.O_WRONLY | fs.constants.O_APPEND);
}
