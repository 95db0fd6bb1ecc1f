// `modulus supervisorctl`: supervisorctl 4's command line (-c, -s, -u, -p, -i, -r, -h, then a
// command); without a command, the interactive shell. Kept lean: it runs on every `docker exec`.
import { existsSync } from 'node:fs';
import { ModulusError } from '../errors/modulus-error.js';
import { COMMANDS } from '../ctl/command-table.js';
import { readCtlConfig } from '../ctl/ctl-config.js';
import { Controller, type CtlOptions } from '../ctl/controller.js';
import { defaultConfigCandidates } from './config-search.js';
import { parseFlags, type FlagSpec } from './flags.js';

const PROG = 'supervisorctl';

const FLAGS: readonly FlagSpec[] = [
  { short: 'c', long: 'configuration', value: true },
  { short: 'h', long: 'help' },
  { short: '?', long: 'usage' },
  { short: 'i', long: 'interactive' },
  { short: 's', long: 'serverurl', value: true },
  { short: 'u', long: 'username', value: true },
  { short: 'p', long: 'password', value: true },
  { short: 'r', long: 'history_file', value: true },
];

const USAGE = `${PROG} -- control applications run by supervisord from the cmd line.

Usage: ${PROG} [options] [action [arguments]]

Options:
-c/--configuration FILENAME -- configuration file path (searches if not given)
-h/--help -- print this usage message and exit
-? -- the same
-i/--interactive -- start an interactive shell after running the action
-s/--serverurl URL -- URL on which supervisord server is listening
     (default "http://localhost:9001").
-u/--username USERNAME -- username to use for authentication with server
-p/--password PASSWORD -- password to use for authentication with server
-r/--history-file -- keep a readline history in this file

action [arguments] -- see below

Actions are commands like "tail" or "stop". Without an action, or with -i, an interactive
shell reads actions from the terminal. The action "help" lists the actions.
`;

/** supervisorctl's usage error: two lines on stderr and exit status 2. */
function usageError(message: string): number {
  process.stderr.write(`Error: ${message}\nFor help, use ${PROG} -h\n`);
  return 2;
}

function findConfig(): string | undefined {
  return defaultConfigCandidates(process.argv[1] ?? process.execPath, process.cwd()).find((c) =>
    existsSync(c),
  );
}

async function options(flags: ReturnType<typeof parseFlags>, interactive: boolean): Promise<CtlOptions> {
  const file = flags.get('configuration') ?? findConfig();
  const config = file === undefined ? undefined : await readCtlConfig(file);
  const serverurl = flags.get('serverurl') ?? config?.serverurl ?? 'http://localhost:9001';
  if (!/^[a-z][a-z0-9+.-]*:./i.test(serverurl))
    throw new ModulusError('USAGE', `invalid value for -s '${serverurl}': value '${serverurl}' is not a URL`);
  return {
    serverurl,
    username: flags.get('username') ?? config?.username ?? null,
    password: flags.get('password') ?? config?.password ?? null,
    prompt: config?.prompt ?? 'supervisor',
    historyFile: flags.get('history_file') ?? config?.historyFile ?? null,
    interactive,
  };
}

export async function main(argv: string[]): Promise<number> {
  let flags: ReturnType<typeof parseFlags>;
  let ctlOptions: CtlOptions;
  try {
    flags = parseFlags(argv, FLAGS, PROG, true);
    if (flags.has('help') || flags.has('usage')) {
      process.stdout.write(USAGE);
      return 0;
    }
    ctlOptions = await options(flags, flags.has('interactive') || flags.positional.length === 0);
  } catch (err) {
    if (err instanceof ModulusError) return usageError(err.message);
    throw err;
  }
  const line = flags.positional.join(' ');
  if (!ctlOptions.interactive) {
    const { createTerminal } = await import('../ctl/terminal.js');
    const ctl = new Controller(ctlOptions, createTerminal(), COMMANDS);
    try {
      await ctl.onecmd(line);
    } finally {
      ctl.close();
    }
    return ctl.exitStatus;
  }
  const { runShell, shellTerminal } = await import('../ctl/shell.js');
  const shell = shellTerminal(() => ctl, ctlOptions.historyFile);
  const ctl = new Controller(ctlOptions, shell.terminal, COMMANDS);
  try {
    await runShell(ctl, shell, line === '' ? ['status'] : [line]);
  } finally {
    ctl.close();
  }
  // The shell's exit status is always 0, as supervisorctl's.
  return 0;
}
