// Tests mirror src/: every src/<domain>/<file>.ts has test/unit/<domain>/<file>.test.ts, or is
// listed here with the integration tests that cover it (modules that are all I/O or wiring).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

// Commands compared step by step with Debian's supervisorctl against real servers.
const CTL_SIDE_BY_SIDE = 'test/integration/ctl/commands.test.ts and edges.test.ts';
// Methods driven through Debian's Python client and ours against a real supervisor.
const API_BOTH_CLIENTS = 'test/integration/rpc-api/';

const COVERED_ELSEWHERE: Record<string, string> = {
  'cli/supervisorctl.ts': CTL_SIDE_BY_SIDE,
  'ctl/command-table.ts': CTL_SIDE_BY_SIDE,
  'ctl/config-commands.ts': CTL_SIDE_BY_SIDE,
  'ctl/control.ts': CTL_SIDE_BY_SIDE,
  'ctl/ctl-config.ts': CTL_SIDE_BY_SIDE,
  'ctl/fg.ts': CTL_SIDE_BY_SIDE,
  'ctl/lifecycle.ts': CTL_SIDE_BY_SIDE,
  'ctl/log-stream.ts': CTL_SIDE_BY_SIDE,
  'ctl/logs.ts': CTL_SIDE_BY_SIDE,
  'ctl/misc.ts': CTL_SIDE_BY_SIDE,
  'ctl/status.ts': CTL_SIDE_BY_SIDE,
  'ctl/tail.ts': CTL_SIDE_BY_SIDE,
  'ctl/terminal.ts': CTL_SIDE_BY_SIDE,
  'rpc/api/config-api.ts': API_BOTH_CLIENTS,
  'rpc/api/logs-api.ts': API_BOTH_CLIENTS,
  'rpc/api/logtail.ts': API_BOTH_CLIENTS,
  'rpc/api/method-table.ts': API_BOTH_CLIENTS,
  'rpc/api/process-control.ts': API_BOTH_CLIENTS,
  'rpc/api/supervisor-api.ts': API_BOTH_CLIENTS,
  'daemon/control-server.ts': API_BOTH_CLIENTS,
  'cli/main.ts': 'every test/integration suite runs the bundle through it',
  'cli/supervisord.ts': 'test/integration/supervisor/cli.test.ts',
  'config/model.ts': 'types only',
  'os/process.ts': 'test/integration/supervisor/* (real spawns, signals, groups)',
  'os/process-host.ts': 'test/integration/supervisor/* (the real host behind every spawn)',
  'os/listen-socket.ts': 'test/integration/supervisor/fcgi-program.test.ts (real fcgiwrap behind nginx)',
  'supervisor/child-logs.ts': 'test/integration/supervisor/child-logs.test.ts',
  'daemon/daemon.ts': 'test/integration/supervisor/*',
  'supervisor/listener-pools.ts': 'test/integration/events/',
  'supervisor/pidfile.ts': 'test/integration/supervisor/cli.test.ts (-j)',
  'supervisor/privileges.ts': "needs to change the test runner's own uid; covered by -u in integration",
  'supervisor/supervisor.ts': 'test/integration/supervisor/*',
  'supervisor/version.ts': 'a constant',
  'cli/logs.ts': 'test/integration/host/run.test.ts (logs -n, after the run ends)',
  'host/app-volume.ts': 'test/integration/host/run.test.ts (a real run prepares its volume)',
  'host/foreground.ts': 'test/integration/host/run.test.ts (SIGINT, SIGTERM end the run with 0)',
  'host/local-run.ts': 'test/integration/host/run.test.ts',
  'host/log-relay.ts': "test/integration/host/run.test.ts (the app's log and its last lines on stdout)",
  'host/run-announce.ts': 'test/integration/host/run.test.ts (the printed lines, restarts)',
  'host/run-request.ts': 'types only',
  'host/supervisor-child.ts': 'test/integration/host/run.test.ts',
  'cli/images.ts': 'test/e2e/ builds the test images through it (test/helpers/docker.ts)',
  'host/app-build.ts':
    'test/integration/host/run-build.test.ts (local) and test/e2e/run-apps.test.ts (in a container)',
  'build/build.ts': 'test/integration/build/build.test.ts (real npm installs, builds, SIGINT)',
  'cli/build.ts': 'test/integration/build/build.test.ts',
  'node/app-node.ts': 'test/unit/node/plan.test.ts (makePlan chooses and installs through it)',
  'os/run-command.ts': 'test/e2e/ (images build) and test/integration/host/ (npm, docker)',
  'os/forward-child.ts': 'test/integration/node/start-direct.test.ts (real processes, every signal)',
  'cli/pidproxy.ts': 'test/integration/supervisor/pidproxy.test.ts (beside Debian pidproxy)',
  'cli/echo-conf.ts': 'test/integration/supervisor/pidproxy.test.ts (the sample under both supervisords)',
  'os/syslog-writer.ts': 'test/integration/logs/syslog.test.ts (a real rsyslogd, beside Debian supervisord)',
  'cli/dashboard.ts': 'test/integration/web/dashboard-local.test.ts, test/e2e/dashboard-docker.test.ts',
  'host/dashboard-proxy.ts': 'test/integration/web/dashboard-local.test.ts (key, cookie, forwarding)',
  'os/exec-stream.ts': 'test/e2e/dashboard-docker.test.ts (the docker exec tunnel)',
  'web/live-events.ts': 'test/integration/web/ (the SSE feed over a socket and in Chromium)',
  'web/status-snapshot.ts': 'test/integration/web/ (/api/status and the page)',
  'web/web-routes.ts': 'test/integration/web/web-routes.test.ts and dashboard-browser.test.ts',
  'rpc/connection-checks.ts':
    'test/integration/rpc/http-server.test.ts (no check without a client; the stuck client is still cut off)',
  'notify/in-process.ts':
    'test/integration/notify/ (each scenario also inside our supervisor; crash-loop.test.ts compares the records)',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

test('every source file has a unit test beside its mirror, or a stated reason', () => {
  const missing = sources(join(ROOT, 'src'))
    .map((file) => relative(join(ROOT, 'src'), file))
    .filter((rel) => !existsSync(join(ROOT, 'test/unit', rel.replace(/\.ts$/, '.test.ts'))))
    .filter((rel) => !(rel in COVERED_ELSEWHERE));
  assert.deepEqual(missing, []);
});

test('the exemption list names only files that exist', () => {
  for (const rel of Object.keys(COVERED_ELSEWHERE)) assert.ok(existsSync(join(ROOT, 'src', rel)), rel);
});
