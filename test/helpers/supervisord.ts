// Runs our supervisord (the built bundle) on a config written into a temp dir, and lets a test
// wait for lines in its main log (which goes to stdout in the foreground) and for its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MODULUS_BIN, scrubbedEnv } from './run-cli.js';
import { tempDir } from './temp-dir.js';
import { waitFor } from './wait-for.js';

export const PROGRAMS = fileURLToPath(new URL('../../../test/fixtures/programs/', import.meta.url));

export interface RunningSupervisor {
  readonly child: ChildProcess;
  readonly dir: string;
  readonly configFile: string;
  /** Everything the supervisor printed so far (stdout and stderr). */
  output(): string;
  /** Waits for a line matching `pattern` to appear in the output; returns the match. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Number of lines matching `pattern` so far. */
  count(pattern: RegExp): number;
  /** Sends a signal and resolves with the exit code once it exits. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A config with a [supervisord] section pointing logs and pidfile into `dir`, then `body`. */
export function supervisordConfig(dir: string, body: string, extra = ''): string {
  return `[supervisord]
logfile=${join(dir, 'supervisord.log')}
pidfile=${join(dir, 'supervisord.pid')}
childlogdir=${dir}
loglevel=debug
${extra}
${body}`;
}

export async function startSupervisord(
  t: Pick<TestContext, 'after'>,
  body: string,
  options: { extra?: string; args?: string[]; env?: NodeJS.ProcessEnv; dir?: string } = {},
): Promise<RunningSupervisor> {
  const dir = options.dir ?? tempDir(t);
  const configFile = join(dir, 'supervisord.conf');
  writeFileSync(configFile, supervisordConfig(dir, body, options.extra));
  const child = spawn(
    process.execPath,
    [MODULUS_BIN, 'supervisord', '-n', '-c', configFile, ...(options.args ?? [])],
    {
      env: options.env ?? scrubbedEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
  });
  return {
    child,
    dir,
    configFile,
    exited,
    output: () => output,
    count: (pattern) => output.split('\n').filter((l) => pattern.test(l)).length,
    waitForLine: (pattern, timeoutMs = 10_000) =>
      waitFor(`a line matching ${pattern} in supervisord's output:\n${output}`, () => output.match(pattern), {
        timeoutMs,
      }).catch((err: Error) => {
        throw new Error(`${err.message.split('\n')[0]}\n--- output ---\n${output}`);
      }),
    async stop(signal = 'SIGTERM', timeoutMs = 20_000) {
      child.kill(signal);
      const result = await Promise.race([
        exited,
        new Promise<never>((_, reject) =>
          setTimeout(
            () => reject(new Error(`supervisord did not exit within ${timeoutMs} ms\n${output}`)),
            timeoutMs,
          ),
        ),
      ]);
      return result.code;
    },
  };
}

/** True while a pid exists (signal 0). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
