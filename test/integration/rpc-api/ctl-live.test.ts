// Live changes through Debian's Python supervisorctl, against ours and Debian's supervisord side by
// side: reread and update adding, removing and changing programs; add and remove; tail -f and
// maintail -f; reload; shutdown.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEBIAN_SUPERVISORD,
  PROGRAMS,
  assertRows,
  ctl,
  pythonClient,
  rewriteConfig,
  startServer,
  streamUntil,
  type ServerKind,
} from './servers.js';
import { waitFor } from '../../helpers/wait-for.js';

const program = (name: string, command: string): string => `
[program:${name}]
command=${command}
startsecs=0
`;

const BEFORE = program('web', `${PROGRAMS}sleep-forever`) + program('red', `${PROGRAMS}sleep-forever`);
const AFTER =
  program('web', `${PROGRAMS}sleep-forever changed`) + program('new1', `${PROGRAMS}sleep-forever`);

async function expect(
  server: { configFile: string },
  args: string[],
  code: number,
  lines: string[],
  sorted = false,
) {
  const result = await ctl(server, ...args);
  const what = `supervisorctl ${args.join(' ')}`;
  assertRows(sorted ? [...result.lines].sort() : result.lines, lines, what);
  assert.equal(result.code, code, `${what}: exit code\n${result.stdout}`);
}

async function scenario(t: TestContext, kind: ServerKind): Promise<void> {
  if (!pythonClient(t)) return;
  if (kind === 'debian' && !pythonClient(t, DEBIAN_SUPERVISORD)) return;
  const server = await startServer(t, kind, BEFORE);
  const running = (name: string) => async () => /RUNNING/.test((await ctl(server, 'status', name)).stdout);
  await waitFor('web RUNNING', running('web'));

  // tail -f starts with the end of the log and follows it; maintail -f follows the main log.
  const webPid = (await ctl(server, 'pid', 'web')).lines[0]!;
  const tailed = await streamUntil(server, ['tail', '-f', 'web'], new RegExp(`ready ${webPid}`));
  assert.match(tailed, /^==> Press Ctrl-C to exit <==\n/);
  await streamUntil(server, ['maintail', '-f'], /spawned: 'web'/);

  rewriteConfig(server, AFTER);
  await expect(server, ['reread'], 0, ['new1: available', 'red: disappeared', 'web: changed'], true);
  await expect(server, ['avail'], 0, [
    'new1                             avail     auto      999:999',
    'web                              in use    auto      999:999',
  ]);
  await expect(server, ['update'], 0, [
    'red: stopped',
    'red: removed process group',
    'web: stopped',
    'web: updated process group',
    'new1: added process group',
  ]);
  await waitFor('new1 and web RUNNING', async () => (await running('new1')()) && running('web')());
  await expect(server, ['status'], 0, [
    'new1                             RUNNING   pid PID, uptime UPTIME',
    'web                              RUNNING   pid PID, uptime UPTIME',
  ]);
  await expect(server, ['reread'], 0, ['No config updates to processes']);

  await expect(server, ['remove', 'web'], 1, ['ERROR: process/group still running: web']);
  await expect(server, ['remove', 'nosuch'], 1, ['ERROR: no such process/group: nosuch']);
  await expect(server, ['stop', 'web'], 0, ['web: stopped']);
  await expect(server, ['remove', 'web'], 0, ['web: removed process group']);
  await expect(server, ['add', 'web'], 0, ['web: added process group']);
  await expect(server, ['add', 'web'], 0, ['ERROR: process group already active']);
  await expect(server, ['add', 'nosuch'], 1, ['ERROR: no such process/group: nosuch']);
  await waitFor('web RUNNING again', running('web'));

  const before = (await ctl(server, 'pid', 'web')).lines[0];
  await expect(server, ['reload'], 0, ['Restarted supervisord']);
  await waitFor('web restarted by reload', async () => {
    const { lines, code } = await ctl(server, 'pid', 'web');
    return code === 0 && lines[0] !== '0' && lines[0] !== before;
  });
  await expect(server, ['shutdown'], 0, ['Shut down']);
  await server.exited;
}

test('reread, update, add, remove, tail -f, maintail -f, reload and shutdown against our supervisord', (t) =>
  scenario(t, 'modulus'));
test("the same against Debian's supervisord (the reference)", (t) => scenario(t, 'debian'));
