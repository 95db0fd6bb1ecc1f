// The `modulus` executable: one table of subcommands, each loaded only when it runs so that
// `modulus supervisorctl status` does not pay for the supervisor's start-up.
import { ModulusError } from '../errors/modulus-error.js';
import { reportError } from '../errors/report.js';
import { VERSION } from './version.js';

type Command = {
  summary: string;
  load: () => Promise<{ main: (argv: string[]) => Promise<number> }>;
  /** A long-running process: a reader that goes away must not stop it. */
  daemon?: boolean;
};

const COMMANDS: Record<string, Command> = {
  images: {
    summary: 'build the run images (images build [--base-image NAME] [--node-mirror URL])',
    load: () => import('./images.js'),
  },
  start: {
    summary: 'run the app in $MODULUS_MNT/app with the Node.js version it asks for',
    load: () => import('./start.js'),
  },
  supervisord: {
    summary: 'run the process supervisor (supervisord flags)',
    load: () => import('./supervisord.js'),
    daemon: true,
  },
  supervisorctl: {
    summary: 'control a running supervisor (supervisorctl flags and commands)',
    load: () => import('./supervisorctl.js'),
  },
  notify: {
    summary: 'write notifications as a supervisor event listener',
    load: () => import('./notify.js'),
    daemon: true,
  },
  volume: {
    summary: 'prepare (volume init DIR) or check (volume check [DIR]) the volume mounted at /mnt',
    load: () => import('./volume.js'),
  },
  config: {
    summary: "write the app's supervisor.conf (--env K=V, --env-file F, --port N, -o FILE)",
    load: () => import('./config.js'),
  },
  build: {
    summary:
      'install and build an app dir into --out DIR with the Node.js it runs on, cached (as buildpacks do)',
    load: () => import('./build.js'),
  },
  run: {
    summary: 'run an app dir under the supervisor, here or in Docker (--docker), and follow its log',
    load: () => import('./run.js'),
    daemon: true,
  },
  ctl: {
    summary: 'supervisorctl for the app `modulus run` started here (ctl status, ctl restart app)',
    load: () => import('./ctl.js'),
  },
  logs: {
    summary: "print the app's log from the run started here (-f follows, -n LINES)",
    load: () => import('./logs.js'),
  },
  notifications: {
    summary: 'show the notifications in DIR, or of the run started here (--follow, --json)',
    load: () => import('./notifications.js'),
  },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(16)} ${c.summary}`);
  return `modulus ${VERSION}\n\nUsage: modulus <command> [options]\n\nCommands:\n${rows.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '-h' || name === '--help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === 'version' || name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new ModulusError('UNKNOWN_COMMAND', `unknown command "${name}"`);
  onClosedOutput(command.daemon === true);
  const module = await command.load();
  return module.main(rest);
}

/**
 * `modulus supervisorctl status | head` closes our stdout early: a command then ends quietly, as
 * Unix tools do, while the supervisor just stops writing there and keeps running.
 */
function onClosedOutput(daemon: boolean): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      if (!daemon) process.exit(process.exitCode ?? 0);
    });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = reportError(err);
  },
);
