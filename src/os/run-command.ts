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
  /**
   * Run the command as the leader of its own process group; aborting this signal then stops the
   * whole group (SIGTERM, SIGKILL after `graceMs`), and whatever of the group outlives the leader is
   * killed before the promise settles, so nothing the command started is left running.
   */
  group?: { signal: AbortSignal; graceMs?: number };
}

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

/** Waits (bounded) until no process of the group is left, killing what remains. */
async function reapGroup(pgid: number): Promise<void> {
  for (let i = 0; i < 100 && killGroup(pgid, 'SIGKILL'); i++)
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
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
      detached: options.group !== undefined,
    });
    const group = options.group;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = (): void => {
      if (child.pid === undefined || aborted) return;
      aborted = true;
      killGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), group?.graceMs ?? 5000);
    };
    if (group) {
      if (group.signal.aborted) queueMicrotask(onAbort);
      else group.signal.addEventListener('abort', onAbort, { once: true });
    }
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
      const settle = (): void => resolvePromise({ code: status, stdout, stderr });
      if (!group || child.pid === undefined) return settle();
      clearTimeout(killTimer);
      group.signal.removeEventListener('abort', onAbort);
      // A leader that exits leaves its group behind (node-gyp's make, cc): with an abort, or a
      // failure, nothing of it may outlive the command.
      reapGroup(child.pid).then(settle, settle);
    });
  });
}

/** Whether an executable of that name is on PATH (as `command -v` would say). */
export async function onPath(name: string): Promise<boolean> {
  const result = await runCommand('sh', ['-c', 'command -v "$1" >/dev/null', 'sh', name]).catch(() => null);
  return result?.code === 0;
}
