// Lines to the local syslog socket (/dev/log) through util-linux's `logger`, one long-lived
// process reading our lines on its stdin. Node.js cannot send on a unix datagram socket; logger
// sends each line as one message and blocks when syslogd falls behind, so nothing is dropped
// (we buffer meanwhile). Tag and priority are supervisord's: Python's syslog.syslog() with no
// openlog() uses the program name ("supervisord") and user.info.
import { spawn, type ChildProcess } from 'node:child_process';

export const SYSLOG_TAG = 'supervisord';
/** The socket; MODULUS_SYSLOG_SOCKET points it elsewhere (the tests' own rsyslogd). */
export const DEFAULT_SYSLOG_SOCKET = '/dev/log';

export interface SyslogWriter {
  /** Sends each line (no newline inside) as one message. */
  send(lines: readonly string[]): void;
  close(): Promise<void>;
}

export function startSyslogWriter(
  socket: string,
  onError: (message: string) => void,
  loggerBin = 'logger',
): SyslogWriter {
  let child: ChildProcess | null = null;
  let failed = false;
  const fail = (message: string): void => {
    if (failed) return;
    failed = true;
    onError(`syslog: ${message}; syslog output is dropped from now on`);
  };
  const start = (): ChildProcess => {
    const c = spawn(
      loggerBin,
      [
        '--socket',
        socket,
        '--socket-errors=on',
        '--tag',
        SYSLOG_TAG,
        '--priority',
        'user.info',
        '--size',
        '65536',
      ],
      // Its own process group: a Ctrl-C or a signal to our group must not kill it before it has
      // sent our last lines (it exits when we close its stdin, or when we die).
      { stdio: ['pipe', 'ignore', 'pipe'], detached: true },
    );
    let stderr = '';
    c.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    c.on('error', (err) => fail(`cannot run ${loggerBin} (util-linux): ${err.message}`));
    c.on('exit', (code) => {
      if (code !== 0 && code !== null) fail(`${loggerBin} exited with status ${code}: ${stderr.trim()}`);
    });
    c.stdin!.on('error', () => {});
    return c;
  };
  return {
    send(lines) {
      if (failed || lines.length === 0) return;
      child ??= start();
      child.stdin!.write(`${lines.join('\n')}\n`);
    },
    close() {
      const c = child;
      if (c === null || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        c.on('exit', () => resolve());
        c.stdin!.end();
      });
    },
  };
}
