// Who a child is and what it may use, read from /proc/<pid>/ of the running program under ours
// and under Debian's supervisord side by side: with user=, the uid, the gid and every
// supplementary group `id USER` lists (supervisord's setgroups before setuid); and the open-file
// and process limits minfds and minprocs give it, whatever Node.js did to its own.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEBIAN_SUPERVISORD, requireDebianSupervisor, requirePaths } from '../../helpers/require-tool.js';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { supervisordConfig } from '../../helpers/supervisord.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { PROGRAMS, py, startServer, type ServerKind } from '../rpc-api/servers.js';

const USER = 'mss-worker';
const GROUPS = ['mss-primary', 'mss-extra1', 'mss-extra2'];

/** A user with a primary group and two more, removed when the test ends. */
function makeUser(t: TestContext): void {
  // -f: the supervisors' after hooks may not have stopped the user's programs yet.
  const cleanup = (): void => {
    execFileSync('sh', [
      '-c',
      `userdel -f ${USER} 2>/dev/null; for g in ${GROUPS.join(' ')}; do groupdel $g 2>/dev/null; done; true`,
    ]);
  };
  cleanup();
  t.after(cleanup);
  for (const g of GROUPS) execFileSync('groupadd', [g]);
  execFileSync('useradd', ['-M', '-N', '-g', GROUPS[0]!, '-G', GROUPS.slice(1).join(','), USER]);
}

function statusField(pid: number, field: string): string {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return (line ?? '').slice(field.length + 1).trim();
}

async function runningPid(t: TestContext, kind: ServerKind, body: string): Promise<number> {
  const server = await startServer(t, kind, body);
  for (let i = 0; i < 100; i++) {
    const [info] = (await py(server, "show(p.supervisor.getProcessInfo('who'))")) as Array<{
      statename: string;
      pid: number;
    }>;
    if (info!.statename === 'RUNNING') return info!.pid;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`who did not reach RUNNING under ${kind}`);
}

test('user= keeps every group `id USER` lists, as Debian supervisord does', async (t) => {
  if (process.geteuid?.() !== 0) return t.skip('needs root to add a user and switch to it');
  if (!requireDebianSupervisor(t)) return;
  makeUser(t);
  const expected = execFileSync('id', ['-G', USER], { encoding: 'utf8' }).trim().split(' ').map(Number);
  assert.equal(expected.length, 3);
  const body = `[program:who]\ncommand=${join(PROGRAMS, 'sleep-forever')}\nuser=${USER}\nstartsecs=1\n`;
  const seen: Record<string, { uid: string; gid: string; groups: number[] }> = {};
  for (const kind of ['debian', 'modulus'] as const) {
    const pid = await runningPid(t, kind, body);
    seen[kind] = {
      uid: statusField(pid, 'Uid'),
      gid: statusField(pid, 'Gid'),
      groups: statusField(pid, 'Groups').split(/\s+/).map(Number),
    };
  }
  assert.deepEqual(new Set(seen.modulus!.groups), new Set(expected), 'every group id USER lists');
  assert.deepEqual(seen.modulus, seen.debian);
});

const PRLIMIT = '/usr/bin/prlimit';
// What the run images' `modulus` wrapper does before it starts Node.js.
const RECORD_LAUNCH_LIMIT = 'MODULUS_LAUNCH_NOFILE=$(ulimit -Sn); export MODULUS_LAUNCH_NOFILE; exec "$@"';

/** The limits line of /proc/<pid>/limits: [soft, hard]. */
function limitOf(pid: number, label: string): [string, string] {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(label))!;
  const [soft, hard] = line.slice(label.length).trim().split(/\s+/);
  return [soft!, hard!];
}

/** Starts a supervisord under `prlimit LIMITS`, waits for `who` to run, returns its limits and output. */
async function childLimits(t: TestContext, kind: 'debian' | 'modulus', limits: string[], extra: string) {
  const dir = tempDir(t);
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(
    conf,
    supervisordConfig(dir, `[program:who]\ncommand=${join(PROGRAMS, 'sleep-forever')}\nstartsecs=0\n`, extra),
  );
  const command =
    kind === 'debian'
      ? [DEBIAN_SUPERVISORD, '-n', '-c', conf]
      : [
          '/bin/sh',
          '-c',
          RECORD_LAUNCH_LIMIT,
          'sh',
          process.execPath,
          MODULUS_BIN,
          'supervisord',
          '-n',
          '-c',
          conf,
        ];
  const child = spawn(PRLIMIT, [...limits, '--', ...command], {
    env: scrubbedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  t.after(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  const pid = await waitFor(`who running under ${kind}:\n${output}`, () => {
    const m = /spawned: 'who' with pid (\d+)/.exec(output);
    return m && /success: who entered RUNNING/.test(output) ? Number(m[1]) : undefined;
  });
  return {
    files: limitOf(pid, 'Max open files'),
    processes: limitOf(pid, 'Max processes'),
    increased: output.match(/Increased RLIMIT_\w+ limit to \d+/g) ?? [],
  };
}

for (const [name, limits, extra] of [
  ['a launch soft limit below minfds is raised to minfds', ['--nofile=512:8192'], ''],
  ['a launch soft limit above minfds is kept, not Node.js raised one', ['--nofile=2048:8192'], ''],
  [
    'minfds and minprocs above the launch soft limits raise both',
    ['--nofile=512:8192', '--nproc=100:5000'],
    'minfds=4096\nminprocs=300',
  ],
] as const) {
  test(`children get supervisord's limits: ${name}`, async (t) => {
    if (!requireDebianSupervisor(t) || !requirePaths(t, [PRLIMIT], 'apt-get install util-linux')) return;
    if (limits.some((l) => l.startsWith('--nproc')) && process.geteuid?.() !== 0) {
      return t.skip('a low RLIMIT_NPROC binds only root out of this test');
    }
    const debian = await childLimits(t, 'debian', [...limits], extra);
    const ours = await childLimits(t, 'modulus', [...limits], extra);
    assert.deepEqual(ours, debian);
  });
}

test("the real host gives a spawn spec's limits through prlimit, and the pid stays the program's", async (t) => {
  if (!requirePaths(t, [PRLIMIT], 'apt-get install util-linux')) return;
  const { realProcessHost } = await import('../../../src/os/process-host.js');
  const child = await realProcessHost.spawn({
    file: '/bin/sleep',
    argv: ['sleep', '30'],
    env: {},
    limits: { files: { soft: 300, hard: 600 } },
  });
  t.after(() => realProcessHost.signal(child.pid, 'KILL', false));
  const cmdline = await waitFor('prlimit to exec sleep in place', () => {
    const text = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
    return text.startsWith('sleep\0') ? text : undefined;
  });
  assert.equal(cmdline, 'sleep\x0030\x00');
  assert.deepEqual(limitOf(child.pid, 'Max open files'), ['300', '600']);
});
