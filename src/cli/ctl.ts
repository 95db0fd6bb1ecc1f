// `modulus ctl [--name N] [SUPERVISORCTL ARGS...]`: supervisorctl for the app `modulus run` started
// here: our own client on the run's socket for a local run, `docker exec … supervisorctl` for Docker.
import { existsSync } from 'node:fs';
import { ModulusError } from '../errors/modulus-error.js';
import { findRun, isGoing } from '../host/run-record.js';
import { workspace } from '../host/workspace.js';
import { runCommand } from '../os/run-command.js';

const USAGE = `Usage: modulus ctl [--name NAME] [SUPERVISORCTL ARGS...]

Runs supervisorctl against the app that \`modulus run\` started in this directory
(the one going; with several going, say which with --name NAME), e.g. \`modulus ctl status\`, \`modulus ctl restart app\`,
\`modulus ctl tail -f app\`. Without arguments, supervisorctl's interactive shell.
`;

/** Splits off our own leading --name; everything after belongs to supervisorctl. */
export function splitCtlArgs(argv: readonly string[]): { name: string | undefined; rest: string[] } {
  let name: string | undefined;
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--name') {
      name = argv[++i];
      if (name === undefined) throw new ModulusError('USAGE', 'ctl: option --name needs a value');
    } else if (arg.startsWith('--name=')) name = arg.slice('--name='.length);
    else break;
  }
  return { name, rest: argv.slice(i) };
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const { name, rest } = splitCtlArgs(argv);
  const run = findRun(workspace(), name);
  if (!isGoing(run))
    throw new ModulusError(
      'RUN_NOT_RUNNING',
      `the run "${run.name}" has ended (its modulus run, pid ${run.pid}, is gone${run.mode === 'docker' ? `, and so is the container ${run.container}` : ''})`,
      { hint: 'Start it again with `modulus run APP_DIR`; `modulus logs` still shows its last log.' },
    );
  if (run.mode === 'docker') {
    const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
    const args = ['exec', ...(tty ? ['-it'] : []), run.container, 'supervisorctl', ...rest];
    const result = await runCommand('docker', args, { inherit: true }).catch((cause: unknown) => {
      throw new ModulusError('DOCKER_UNAVAILABLE', `cannot run docker: ${(cause as Error).message}`, {
        cause,
      });
    });
    return result.code;
  }
  const ws = workspace();
  const runtime = ws.runtime(run.name);
  if (!existsSync(runtime.socket))
    throw new ModulusError(
      'RUN_NOT_RUNNING',
      `the run "${run.name}" is not running: no control socket at ${runtime.socket}`,
      { hint: 'Start it again with `modulus run APP_DIR`; `modulus logs` still shows its last log.' },
    );
  const config = existsSync(runtime.config) ? ['-c', runtime.config] : [];
  const supervisorctl = await import('./supervisorctl.js');
  return supervisorctl.main([...config, '-s', `unix://${runtime.socket}`, ...rest]);
}
