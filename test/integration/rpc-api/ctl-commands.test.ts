// Every supervisorctl command that acts on processes, through Debian's Python supervisorctl, against
// our supervisord and, side by side, against Debian's: the same lines and exit codes from both.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEBIAN_SUPERVISORD,
  PROGRAMS,
  assertRows,
  ctl,
  pythonClient,
  startServer,
  type ServerKind,
} from './servers.js';
import { waitFor } from '../../helpers/wait-for.js';

const BODY = `
[program:web]
command=${PROGRAMS}sleep-forever
startsecs=0

[program:slow]
command=${PROGRAMS}sleep-forever
startsecs=1
autostart=false

[program:quick]
command=${PROGRAMS}exit-with 3
startsecs=1
startretries=0
autostart=false

[program:nf]
command=/nonexistent/program
autostart=false

[group:pair]
programs=p1,p2

[program:p1]
command=${PROGRAMS}sleep-forever
startsecs=0

[program:p2]
command=${PROGRAMS}sleep-forever
startsecs=0
autostart=false
`;

/** [command, expected exit code, expected lines (sorted when the order depends on timing)]. */
type Step = readonly [args: string[], code: number, lines: string[], sorted?: boolean];

const STEPS: readonly Step[] = [
  [
    ['status'],
    3,
    [
      'nf                               STOPPED   Not started',
      'pair:p1                          RUNNING   pid PID, uptime UPTIME',
      'pair:p2                          STOPPED   Not started',
      'quick                            STOPPED   Not started',
      'slow                             STOPPED   Not started',
      'web                              RUNNING   pid PID, uptime UPTIME',
    ],
  ],
  [['status', 'web'], 0, ['web                              RUNNING   pid PID, uptime UPTIME']],
  [['status', 'nosuch'], 4, ['nosuch: ERROR (no such process)']],
  [['start', 'slow'], 0, ['slow: started']],
  [['start', 'quick'], 7, ['quick: ERROR (spawn error)']],
  [
    ['status', 'quick'],
    3,
    ['quick                            FATAL     Exited too quickly (process log may have details)'],
  ],
  [['start', 'nf'], 1, ['nf: ERROR (no such file)']],
  [['start', 'web'], 0, ['web: ERROR (already started)']],
  [['start', 'nosuch'], 1, ['nosuch: ERROR (no such process)']],
  [['start', 'pair:*'], 0, ['pair:p2: started']],
  [['start', 'nogroup:*'], 2, ['nogroup: ERROR (no such group)']],
  [['signal', 'WINCH', 'pair:p1'], 0, ['pair:p1: signalled']],
  [['signal', 'WINCH', 'pair:*'], 0, ['pair:p1: signalled', 'pair:p2: signalled'], true],
  [['signal', 'NOPE', 'web'], 1, ['web: ERROR (bad signal name)']],
  [['signal', 'HUP', 'nf'], 7, ['nf: ERROR (not running)']],
  [['restart', 'slow'], 0, ['slow: stopped', 'slow: started']],
  [['tail', 'nosuch'], 1, ['nosuch: ERROR (no such process name)']],
  [['tail', 'web', 'stderr'], 0, ['']],
  // supervisord clears only a running process's logs, so web is cleared while it runs.
  [['clear', 'web'], 0, ['web: cleared']],
  [['tail', 'web'], 0, ['']],
  [['stop', 'web'], 0, ['web: stopped']],
  [['stop', 'web'], 0, ['web: ERROR (not running)']],
  [['status', 'web'], 3, ['web                              STOPPED   STOPTIME']],
  [['pid', 'nosuch'], 1, ['No such process nosuch']],
  [['pid', 'web'], 7, ['0']],
  [['stop', 'pair:*'], 0, ['pair:p1: stopped', 'pair:p2: stopped'], true],
  [['stop', 'nosuch'], 1, ['nosuch: ERROR (no such process)']],
  [
    ['start', 'all'],
    7,
    [
      'nf: ERROR (no such file)',
      'pair:p1: started',
      'pair:p2: started',
      'quick: ERROR (spawn error)',
      'web: started',
    ],
    true,
  ],
  [['stop', 'all'], 0, ['pair:p1: stopped', 'pair:p2: stopped', 'slow: stopped', 'web: stopped'], true],
  [
    ['avail'],
    0,
    [
      'nf                               in use    manual    999:999',
      'pair:p1                          in use    auto      999:999',
      'pair:p2                          in use    manual    999:999',
      'quick                            in use    manual    999:999',
      'slow                             in use    manual    999:999',
      'web                              in use    auto      999:999',
    ],
  ],
  [['clear', 'nosuch'], 1, ['nosuch: ERROR (no such process)']],
  [
    ['clear', 'all'],
    0,
    [
      'nf: cleared',
      'pair:p1: cleared',
      'pair:p2: cleared',
      'quick: cleared',
      'slow: cleared',
      'web: cleared',
    ],
    true,
  ],
  [['version'], 0, ['4.2.5']],
];

async function scenario(t: TestContext, kind: ServerKind): Promise<void> {
  if (!pythonClient(t)) return;
  if (kind === 'debian' && !pythonClient(t, DEBIAN_SUPERVISORD)) return;
  const server = await startServer(t, kind, BODY);
  await waitFor('web and pair:p1 RUNNING', async () => {
    const { stdout } = await ctl(server, 'status', 'web', 'pair:p1');
    return (stdout.match(/RUNNING/g) ?? []).length === 2;
  });
  for (const [args, code, lines, sorted] of STEPS) {
    const result = await ctl(server, ...args);
    const what = `${kind}: supervisorctl ${args.join(' ')}`;
    assertRows(sorted ? [...result.lines].sort() : result.lines, lines, what);
    assert.equal(result.code, code, `${what}: exit code\n${result.stdout}`);
  }
  // The pid command prints the supervisor's own pid; tail shows what the program wrote.
  assert.deepEqual((await ctl(server, 'pid')).lines, [String(server.pid)]);
  assert.deepEqual((await ctl(server, 'start', 'web')).lines, ['web: started']);
  const webPid = (await ctl(server, 'pid', 'web')).lines[0];
  await waitFor('web logs its ready line', async () =>
    (await ctl(server, 'tail', 'web')).stdout.includes(`ready ${webPid}`),
  );
  const maintail = await ctl(server, 'maintail', '-200');
  assert.match(maintail.stdout, /(INFO|DEBG) /);
}

test('supervisorctl commands against our supervisord', (t) => scenario(t, 'modulus'));
test("supervisorctl commands against Debian's supervisord (the reference)", (t) => scenario(t, 'debian'));
