// Running a host tool (docker, npm) to completion: the host CLI's one door to child processes
// that are not supervised programs. Output is either captured or passed through to the terminal.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export interface CommandResult {
  /** The exit status, or 128 + signal number when a signal ended it. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Pass stdin/stdout/stderr through to ours instead of capturing them. */
  inherit?: boolean;
  /** Called with each chunk of stdout and stderr as it arrives (capture mode only). */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Written to the child's stdin, which is then closed (capture mode only). */
  input?: string;
}

/** Runs file with args; resolves with its status (never rejects for a non-zero exit). */
export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.inherit ? 'inherit' : ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.onOutput?.(chunk, 'stdout');
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.onOutput?.(chunk, 'stderr');
    });
    if (child.stdin) child.stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const status = code ?? 128 + (signal ? (constants.signals[signal] ?? 1) : 1);
      resolvePromise({ code: status, stdout, stderr });
    });
  });
}

/** Whether an executable of that name is on PATH (as `command -v` would say). */
export async function onPath(name: string): Promise<boolean> {
  const result = await runCommand('sh', ['-c', 'command -v "$1" >/dev/null', 'sh', name]).catch(() => null);
  return result?.code === 0;
}
