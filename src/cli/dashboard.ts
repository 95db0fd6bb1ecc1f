// `modulus dashboard [--name N] [--port P] [--no-open]`: the supervisor's web page for the app that
// `modulus run` started here, on 127.0.0.1 only: a local run's control socket directly, a Docker
// run's through `docker exec` (the container opens no TCP port). `--exec 'CMD…'` reaches any
// run-image container the same way through a command of the user's (`kubectl exec -i POD -c app --`).
// `--bridge SOCKET` is the far end of that tunnel, run inside the container: stdin and stdout
// joined to the socket.
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { startDashboardProxy } from '../host/dashboard-proxy.js';
import { IMAGE_GLOBAL_CONF, IMAGE_MODULUS_COMMAND } from '../host/global-conf.js';
import { findRun } from '../host/run-record.js';
import { workspace } from '../host/workspace.js';
import { execStream } from '../os/exec-stream.js';
import { onPath, runCommand } from '../os/run-command.js';
import { splitShellWords } from '../supervisor/shell-words.js';
import { parseFlags } from './flags.js';

const USAGE =
  "dashboard: usage: modulus dashboard [--name NAME | --exec 'COMMAND…'] [--port PORT] [--no-open]";

const HELP = `Usage: modulus dashboard [--name NAME | --exec 'COMMAND…'] [--port PORT] [--no-open]

Serves the supervisor's web page (and /metrics) of the app that \`modulus run\` started in this
directory (the latest one, or the run called NAME) on http://127.0.0.1:PORT (a free port by
default), and opens it when there is a desktop. The printed URL carries a key; only a browser that
opened it gets in. A Docker run is reached through \`docker exec\`: the container opens no port.

With --exec, the page is that of any container of the run images, reached through COMMAND (split
like a shell would, no shell run) followed by \`modulus dashboard --bridge SOCKET\`, e.g.
  modulus dashboard --exec 'kubectl exec -i deploy/myapp -c app --'
  modulus dashboard --exec 'docker exec -i app1'
`;

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write(HELP);
    return 0;
  }
  const flags = parseFlags(
    argv,
    [
      { long: 'name', value: true },
      { long: 'port', value: true },
      { long: 'no-open' },
      { long: 'bridge', value: true },
      { long: 'exec', value: true },
    ],
    'dashboard',
  );
  if (flags.positional.length > 0) throw new ModulusError('USAGE', USAGE);
  const bridge = flags.get('bridge');
  if (bridge !== undefined) return runBridge(bridge);
  const port = portOf(flags.get('port'));
  const exec = flags.get('exec');
  if (exec !== undefined && flags.has('name'))
    throw new ModulusError('USAGE', 'dashboard: --exec and --name: give one of them');
  const target = exec !== undefined ? execTarget(exec) : findRun(workspace(), flags.get('name'));
  let connect;
  if (target.mode === 'exec') {
    const [file, ...args] = target.command;
    connect = () => execStream(file!, [...args, ...bridgeCommand()]);
  } else if (target.mode === 'docker') {
    const container = target.container;
    connect = () => execStream('docker', ['exec', '-i', container, ...bridgeCommand()]);
  } else {
    const socket = workspace().runtime(target.name).socket;
    if (!existsSync(socket)) {
      throw new ModulusError(
        'RUN_NOT_RUNNING',
        `the run "${target.name}" is not running: no control socket at ${socket}`,
      );
    }
    connect = () => createConnection(socket);
  }
  const proxy = await startDashboardProxy({ connect, port });
  process.stdout.write(`dashboard of "${target.name}": ${proxy.url}\n(Ctrl-C stops it)\n`);
  if (!flags.has('no-open')) await openBrowser(proxy.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await proxy.close();
  return 0;
}

/** What runs inside a run-image container to join the tunnel to its control socket. */
function bridgeCommand(): string[] {
  return [IMAGE_MODULUS_COMMAND, 'dashboard', '--bridge', join(IMAGE_GLOBAL_CONF.runDir, 'supervisor.sock')];
}

/** --exec's command, split as a shell would split it (no shell runs it). */
function execTarget(text: string): { mode: 'exec'; name: string; command: string[] } {
  let command: string[];
  try {
    command = splitShellWords(text);
  } catch (err) {
    throw new ModulusError('USAGE', `dashboard: --exec: ${(err as Error).message}`);
  }
  if (command.length === 0)
    throw new ModulusError(
      'USAGE',
      "dashboard: --exec: expected a command, such as 'kubectl exec -i POD --'",
    );
  return { mode: 'exec', name: text, command };
}

function portOf(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new ModulusError('USAGE', `dashboard: --port: expected a port number (0-65535), got "${value}"`);
  }
  return port;
}

/** xdg-open where there is a desktop to open it on; otherwise the printed URL is the way in. */
async function openBrowser(url: string): Promise<void> {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  if (!(await onPath('xdg-open'))) return;
  await runCommand('xdg-open', [url]).catch(() => undefined);
}

/** Inside the container: one connection to the control socket over our stdin and stdout. */
function runBridge(socket: string): Promise<number> {
  return new Promise((resolve) => {
    const conn = createConnection(socket);
    conn.once('error', (err) => {
      process.stderr.write(`modulus dashboard --bridge: ${socket}: ${err.message}\n`);
      resolve(1);
    });
    process.stdin.pipe(conn);
    conn.pipe(process.stdout);
    conn.once('close', () => {
      // Our stdin would hold the process open after the connection is gone.
      process.stdin.unpipe(conn);
      process.stdin.destroy();
      resolve(0);
    });
  });
}
