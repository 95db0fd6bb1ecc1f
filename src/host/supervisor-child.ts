// Our supervisor as the foreground child of `modulus run`: `modulus supervisord -n -s -c FILE`,
// its own output kept in a file (shown only when something fails), stopped with SIGTERM.
import { createWriteStream, existsSync } from 'node:fs';
import { spawnChild, sendSignal } from '../os/process.js';
import { readLastLines } from './last-lines.js';
import { SUPERVISOR_NODE_FLAGS } from '../supervisor/node-flags.js';

export interface SupervisorChild {
  readonly pid: number;
  /** Resolves when it exits, however that happens; says how. */
  readonly exited: Promise<string>;
  /** SIGTERM: the supervisor stops the app gracefully, then exits. */
  terminate(): void;
}

export async function startSupervisor(options: {
  cli: string;
  config: string;
  output: string;
  env: NodeJS.ProcessEnv;
}): Promise<SupervisorChild> {
  const out = createWriteStream(options.output, { flags: 'w', mode: 0o600 });
  const child = await spawnChild({
    file: process.execPath,
    argv: [
      process.execPath,
      ...SUPERVISOR_NODE_FLAGS,
      options.cli,
      'supervisord',
      '-n',
      '-s',
      '-c',
      options.config,
    ],
    env: Object.fromEntries(
      Object.entries(options.env).filter((e): e is [string, string] => e[1] !== undefined),
    ),
  });
  child.stdin?.end();
  child.stdout.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  const exited = child.exited.then(async ({ code, signal }) => {
    await new Promise<void>((resolve) => out.end(resolve));
    return signal ? `killed by SIG${signal}` : `exited with status ${code}`;
  });
  return {
    pid: child.pid,
    exited,
    terminate: () => void sendSignal(child.pid, 'TERM', false),
  };
}

/** The last lines of each file that exists, each under a `--- file ---` rule, for a failure message. */
export function lastLinesOf(files: readonly string[], lines = 20): string {
  const parts: string[] = [];
  for (const file of files) {
    if (!existsSync(file)) continue;
    try {
      const text = readLastLines(file, lines).text.toString('utf8').trimEnd();
      if (text !== '') parts.push(`--- ${file} ---\n${text}`);
    } catch {
      // unreadable: the other files may still say what went wrong
    }
  }
  return parts.join('\n');
}
