// Every supervisorctl command through both clients: Debian's /usr/bin/supervisorctl against one
// Debian supervisord and ours against an identical twin, step by step; stdout, stderr and exit
// codes must match once pids, uptimes, dates and temp paths are normalised.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import {
  debianSupervisorAvailable,
  normalise,
  runDebianCtl,
  runOurCtl,
  startServer,
  type Server,
  type ServerKind,
} from './twin-servers.js';

export const PROGRAMS = `
[program:web]
command=/bin/sleep 1000
startsecs=0

[program:idle]
command=/bin/sleep 1000
autostart=false
startsecs=0

[program:bad]
command=/bin/false
autostart=false
startretries=0

[program:missing]
command=/nonexistent/program
autostart=false

[program:pool]
command=/bin/sleep 1000
process_name=%(program_name)s_%(process_num)s
numprocs=2
startsecs=0

[program:chatty]
command=/bin/sh -c 'echo hello; echo oops >&2; exec /bin/sleep 1000'
startsecs=0
`;

/**
 * `firstLine`: compare only the first line (the rest is a help text we word differently);
 * `numbers`: pids as <n>; `anyOrder`: supervisord reports `stop all` results as processes die.
 */
type Step = {
  args: string[];
  firstLine?: boolean;
  numbers?: boolean;
  anyOrder?: boolean;
  input?: string;
  /** Accepted exit codes when the server's result order decides (the last fault wins). */
  exitCodes?: number[];
};

const steps = (rows: (string[] | Step)[]): Step[] => rows.map((r) => (Array.isArray(r) ? { args: r } : r));

const BASICS = steps([
  ['status'],
  ['status', 'web', 'pool:*', 'nosuch', 'nog:*', 'nog:x'],
  ['status', 'idle'],
  ['start', 'idle', 'web', 'missing', 'nosuch', 'nog:*'],
  ['start', 'bad'],
  { args: ['start'], firstLine: true },
  { args: ['stop', 'idle', 'pool:*', 'nosuch', 'nog:*'], anyOrder: true },
  ['stop', 'idle'],
  { args: ['stop'], firstLine: true },
  ['restart', 'web'],
  { args: ['restart'], firstLine: true },
  ['signal', 'CONT', 'web', 'pool:*'],
  ['signal', 'BOGUS', 'web'],
  ['signal', 'HUP', 'idle', 'nosuch', 'nog:*'],
  { args: ['signal', 'HUP'], firstLine: true },
  ['start', 'pool:*'],
  ['signal', 'CONT', 'all'],
  { args: ['pid'], numbers: true },
  { args: ['pid', 'web'], numbers: true },
  ['pid', 'idle'],
  ['pid', 'nosuch'],
  { args: ['pid', 'all'], numbers: true },
  ['version'],
  { args: ['version', 'x'], firstLine: true },
  ['tail', 'chatty'],
  ['tail', 'chatty', 'stderr'],
  ['tail', '-3', 'chatty'],
  ['tail', 'nosuch'],
  ['tail', 'chatty', 'foo'],
  ['tail', '-x', 'chatty'],
  { args: ['tail'], firstLine: true },
  { args: ['tail', 'a', 'b', 'c', 'd'], firstLine: true },
  ['tail', '-f'],
  ['tail', '-f', 'nosuch'],
  ['maintail', 'x'],
  { args: ['maintail', 'a', 'b'], firstLine: true },
  ['clear', 'nosuch', 'nog:x'],
  ['clear', 'chatty'],
  ['tail', 'chatty'],
  { args: ['clear'], firstLine: true },
  ['avail'],
  { args: ['avail', 'x'], firstLine: true },
  ['reread'],
  { args: ['reread', 'x'], firstLine: true },
  ['update'],
  ['update', 'nog'],
  ['add', 'nog'],
  ['add', 'web'],
  ['remove', 'nog'],
  ['remove', 'web'],
  ['foo', 'bar'],
  ['start-x'],
  ['help'],
  ['?'],
  ['help', 'nosuch'],
  ['help', 'EOF'],
  ['quit'],
  ['EOF'],
  ['open', 'foo://x'],
  { args: ['fg'], firstLine: true },
  ['fg', 'a', 'b'],
  ['fg', 'nosuch'],
  ['fg', 'idle'],
  { args: ['stop', 'all'], anyOrder: true },
  ['status'],
  { args: ['start', 'all'], anyOrder: true, exitCodes: [1, 7] },
  { args: [], input: 'status web\nstop web\nstatus web\nbogus\nquit\n' },
  { args: [], input: 'start web\n' },
]);

const CHANGED_PROGRAMS =
  PROGRAMS.replace(/\[program:idle\][^[]*/, '').replace(
    "echo hello; echo oops >&2; exec /bin/sleep 1000'",
    "echo changed; exec /bin/sleep 1000'",
  ) +
  `
[program:newcomer]
command=/bin/sleep 1000
startsecs=0
`;

const CONFIG_CHANGES = steps([
  ['reread'],
  ['update', 'nog', 'newcomer'],
  ['reread'],
  ['update'],
  ['status'],
  ['avail'],
]);

const SHUTDOWN = steps([['reload'], { args: ['shutdown', 'x'], firstLine: true }, ['shutdown']]);
const AFTER_SHUTDOWN = steps([['status'], ['start', 'web'], ['avail'], ['shutdown'], ['pid']]);

interface Twins {
  debian: Server;
  ours: Server;
}

async function compare(t: TestContext, twins: Twins, step: Step): Promise<void> {
  const label = `supervisorctl ${step.args.join(' ')}${step.input ? ` <<< ${JSON.stringify(step.input)}` : ''}`;
  const theirs = await runDebianCtl(['-c', twins.debian.configFile, ...step.args], step.input);
  const ours = await runOurCtl(['-c', twins.ours.configFile, ...step.args], step.input);
  const norm = (text: string, dir: string) => {
    let out = normalise(text, dir);
    if (step.numbers) out = out.replace(/^\d+$/gm, '<n>');
    if (step.firstLine) out = out.split('\n')[0]!;
    if (step.anyOrder) out = out.split('\n').sort().join('\n');
    return out;
  };
  assert.equal(
    norm(ours.stdout, twins.ours.dir),
    norm(theirs.stdout, twins.debian.dir),
    `stdout of ${label}`,
  );
  assert.equal(
    norm(ours.stderr, twins.ours.dir),
    norm(theirs.stderr, twins.debian.dir),
    `stderr of ${label}`,
  );
  if (step.exitCodes) {
    assert.ok(step.exitCodes.includes(ours.code!), `exit code ${ours.code} of ${label}`);
    assert.ok(step.exitCodes.includes(theirs.code!), `Debian's exit code ${theirs.code} of ${label}`);
  } else assert.equal(ours.code, theirs.code, `exit code of ${label}\n${ours.stdout}`);
  void t;
}

async function twins(t: TestContext, kind: ServerKind): Promise<Twins> {
  const [debian, ours] = await Promise.all([
    startServer(t, 'debian', PROGRAMS),
    startServer(t, kind, PROGRAMS),
  ]);
  return { debian, ours };
}

async function runAll(t: TestContext, kind: ServerKind): Promise<void> {
  const pair = await twins(t, kind);
  for (const step of BASICS) await compare(t, pair, step);
  pair.debian.rewrite(CHANGED_PROGRAMS);
  pair.ours.rewrite(CHANGED_PROGRAMS);
  for (const step of CONFIG_CHANGES) {
    await compare(t, pair, step);
    await Promise.all([pair.debian.ready(), pair.ours.ready()]);
  }
  await compare(t, pair, SHUTDOWN[0]!);
  await Promise.all([pair.debian.ready(), pair.ours.ready()]);
  for (const step of SHUTDOWN.slice(1)) await compare(t, pair, step);
  await Promise.all([pair.debian.exited(), pair.ours.exited()]);
  for (const step of AFTER_SHUTDOWN) await compare(t, pair, step);
}

test('every command prints and exits as Debian supervisorctl 4.2.5 does, against Debian supervisord', async (t) => {
  if (!debianSupervisorAvailable(t)) return;
  await runAll(t, 'debian');
});

test('our supervisorctl against our supervisord matches Debian supervisorctl against Debian supervisord', async (t) => {
  if (!debianSupervisorAvailable(t)) return;
  await runAll(t, 'modulus');
});
