// Runs the built `modulus` bundle (what users run) and returns exit code, stdout and stderr.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const MODULUS_BIN = fileURLToPath(new URL('../../../dist/modulus.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MODULUS_BIN, ...args], {
      cwd: options.cwd,
      env: options.env ?? scrubbedEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `modulus ${args.join(' ')} did not exit within ${options.timeoutMs ?? 30_000} ms\n${stdout}\n${stderr}`,
        ),
      );
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The environment a test child gets: PATH and locale only, so nothing from the developer's shell leaks in. */
export function scrubbedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'C.UTF-8',
  };
  if (process.env.CI) env.CI = process.env.CI;
  return { ...env, ...extra };
}
