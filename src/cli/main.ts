// The `modulus` executable: one table of subcommands, each loaded only when it runs so that
// `modulus supervisorctl status` does not pay for the supervisor's start-up.
import { ModulusError } from '../errors/modulus-error.js';
import { reportError } from '../errors/report.js';
import { VERSION } from '../supervisor/version.js';

type Command = {
  summary: string;
  load: () => Promise<{ main: (argv: string[]) => Promise<number> }>;
  /** A long-running process: a reader that goes away must not stop it. */
  daemon?: boolean;
};

const COMMANDS: Record<string, Command> = {
  images: {
    summary: "build the run images (images build), or an app's image (images build-app APP_DIR)",
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
  pidproxy: {
    summary:
      "supervisor's pidproxy: run COMMAND, pass signals to the pid in PIDFILE (pidproxy PIDFILE COMMAND...)",
    load: () => import('./pidproxy.js'),
    daemon: true,
  },
  echo_supervisord_conf: {
    summary: 'print a sample supervisord config (echo_supervisord_conf > supervisord.conf)',
    load: () => import('./echo-conf.js'),
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
  dashboard: {
    summary: 'open the supervisor web page of the run started here, on 127.0.0.1 (--port P, --no-open)',
    load: () => import('./dashboard.js'),
  },
  k8s: {
    summary: 'write Kubernetes manifests that run an app dir the way the run images do (-o DIR)',
    load: () => import('./k8s.js'),
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
