// Runs Debian's supervisord or ours in the foreground on a config file the test wrote, with the
// main log in a file the test reads; for side-by-side comparisons of what each one logs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { DEBIAN_SUPERVISORD } from './require-tool.js';
import { MODULUS_BIN, scrubbedEnv } from './run-cli.js';
import { waitFor } from './wait-for.js';

export type SupervisorKind = 'debian' | 'modulus';

export interface Foreground {
  /** The main log file as written so far. */
  log(): string;
  /** SIGTERM, then the exit code once it has exited. */
  stop(): Promise<number | null>;
}

export function runForeground(
  t: Pick<TestContext, 'after'>,
  kind: SupervisorKind,
  configFile: string,
  logFile: string,
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Foreground {
  const [file, ...args] =
    kind === 'debian'
      ? [DEBIAN_SUPERVISORD, '-n', '-c', configFile]
      : [process.execPath, MODULUS_BIN, 'supervisord', '-n', '-c', configFile];
  const child = spawn(file!, args, { cwd: options.cwd, env: options.env ?? scrubbedEnv(), stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return {
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Waits until the main log matches `pattern`; the failure shows the log. */
export async function waitForLog(sv: Foreground, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  await waitFor(`${pattern} in the main log`, () => pattern.test(sv.log()), { timeoutMs }).catch(
    (err: Error) => {
      throw new Error(`${err.message}\n--- log ---\n${sv.log()}`);
    },
  );
}

/** The log's records without their time stamps: `LEVEL message`, a message may span lines. */
export function logRecords(text: string): string[] {
  const records: string[] = [];
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const m = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (.*)$/.exec(line);
    if (m) records.push(m[1]!);
    else if (records.length > 0) records[records.length - 1] += `\n${line}`;
  }
  return records;
}
