// `modulus pidproxy PIDFILE COMMAND [ARGS...]`: supervisor's pidproxy. Runs a command that forks
// into the background (mysqld_safe, a daemon that writes a pidfile) so supervisord can manage it:
// each signal pidproxy gets (TERM HUP INT USR1 USR2 QUIT) goes to the pid in PIDFILE, and after
// TERM, INT or QUIT pidproxy exits 0 at once. It exits 0 when the command exits. Unlike the
// original, which polls every 5 s, it notices the exit at once; COMMAND is taken relative to the
// working directory, not looked up on PATH, as the original's os.path.abspath does.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runCommand } from '../os/run-command.js';

const FORWARDED = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT'] as const;
const FINAL = new Set<string>(['SIGTERM', 'SIGINT', 'SIGQUIT']);

const USAGE = `pidproxy -- run a command and pass the signals it gets to the pid in a pidfile.

The command runs in the foreground of pidproxy; a signal pidproxy receives is sent to the
process whose pid the pidfile holds (TERM, INT and QUIT also make pidproxy exit).

Usage: modulus pidproxy <pidfile name> <command> [<cmdarg1> ...]
`;

/** The pid a pidfile names, or undefined when it cannot be read as one. */
export function readPidfile(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export async function main(argv: string[]): Promise<number> {
  const [pidfile, command, ...args] = argv;
  if (pidfile === undefined || command === undefined) {
    process.stdout.write(USAGE);
    return 1;
  }
  for (const sig of FORWARDED) {
    process.on(sig, () => {
      const pid = readPidfile(pidfile);
      if (pid === undefined) {
        process.stdout.write(`Can't read child pidfile ${pidfile}!\n`);
        return;
      }
      try {
        process.kill(pid, sig);
      } catch (err) {
        process.stderr.write(`pidproxy: cannot signal pid ${pid}: ${(err as Error).message}\n`);
      }
      if (FINAL.has(sig)) process.exit(0);
    });
  }
  try {
    await runCommand(resolve(command), args, { inherit: true });
  } catch (err) {
    process.stderr.write(`pidproxy: cannot run ${command}: ${(err as Error).message}\n`);
    return 127;
  }
  return 0;
}
