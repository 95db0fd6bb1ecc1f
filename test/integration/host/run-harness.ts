// Runs `modulus run` (the built bundle) in the foreground from a temp directory, as a user would,
// and lets a test wait for its output, talk to the app and stop it with a signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../helpers/free-port.js';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

export const EXAMPLES = fileURLToPath(new URL('../../../../examples/', import.meta.url));

export interface ForegroundRun {
  readonly child: ChildProcess;
  /** The temp directory the run was started from (its .modulus is there). */
  readonly cwd: string;
  readonly volume: string;
  readonly port: number;
  stdout(): string;
  stderr(): string;
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** GET http://127.0.0.1:PORT/path, polled until the app answers. */
  get(path?: string, timeoutMs?: number): Promise<string>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startRun(
  t: Pick<TestContext, 'after'>,
  example: string,
  args: string[] = [],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ForegroundRun> {
  const cwd = options.cwd ?? tempDir(t, 'modulus-run-');
  const volume = join(cwd, 'vol');
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      MODULUS_BIN,
      'run',
      isAbsolute(example) ? example : join(EXAMPLES, example),
      '-p',
      String(port),
      '--volume',
      volume,
      ...args,
    ],
    { cwd, env: scrubbedEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  return {
    child,
    cwd,
    volume,
    port,
    stdout: () => out,
    stderr: () => err,
    waitForStderr: (pattern, timeoutMs = 20_000) =>
      waitFor(`${pattern} in modulus run's stderr`, () => err.match(pattern), { timeoutMs }).catch(
        (e: Error) => {
          throw new Error(`${e.message}\n--- stderr ---\n${err}\n--- stdout ---\n${out}`);
        },
      ),
    get: (path = '/', timeoutMs = 20_000) =>
      Promise.race([
        waitFor(
          `http://127.0.0.1:${port}${path} to answer`,
          async () => {
            const res = await fetch(`http://127.0.0.1:${port}${path}`);
            return res.ok ? res.text() : undefined;
          },
          { timeoutMs, intervalMs: 100 },
        ),
        exited.then((code) => Promise.reject(new Error(`modulus run exited with ${code}`))),
      ]).catch((e: Error) => {
        throw new Error(`${e.message}\n--- stderr ---\n${err}\n--- stdout ---\n${out}`);
      }),
    async stop(signal = 'SIGINT') {
      child.kill(signal);
      return exited;
    },
  };
}
