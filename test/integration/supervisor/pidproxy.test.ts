// `modulus pidproxy` and `modulus echo_supervisord_conf` next to Debian's pidproxy and
// echo_supervisord_conf: the same signals reach the daemon, the same exits; the sample config
// runs under both supervisords.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runForeground, type SupervisorKind } from '../../helpers/foreground.js';
import { requireDebianSupervisor } from '../../helpers/require-tool.js';
import { MODULUS_BIN, runCli, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { py } from '../rpc-api/servers.js';

const DEBIAN_PIDPROXY = '/usr/bin/pidproxy';
const DEBIAN_ECHO_CONF = '/usr/bin/echo_supervisord_conf';

// A daemon the way mysqld_safe starts one: a background process that traps signals and records
// them, its pid in a pidfile, and a foreground shell that waits for it.
const DAEMONIZING = `
trap 'echo HUP >> "$2"' HUP
trap 'echo TERM >> "$2"; exit 0' TERM
: > "$2.ready"
while :; do sleep 1 & wait $!; done
`;

interface Proxy {
  readonly pidfile: string;
  readonly record: string;
  readonly exited: Promise<{ code: number | null; stdout: string }>;
  readonly pid: number;
  send(signal: NodeJS.Signals): void;
}

function startProxy(t: TestContext, kind: SupervisorKind, dir: string): Proxy {
  const pidfile = join(dir, `${kind}.pid`);
  const record = join(dir, `${kind}.signals`);
  const script = join(dir, 'start.sh');
  writeFileSync(join(dir, 'daemon.sh'), `#!/bin/sh\n${DAEMONIZING}`, { mode: 0o755 });
  writeFileSync(script, `#!/bin/sh\n"${dir}/daemon.sh" "$1" "$2" &\necho $! > "$1"\nwait\n`, {
    mode: 0o755,
  });
  const argv = [pidfile, script, pidfile, record];
  const child =
    kind === 'debian'
      ? spawn(DEBIAN_PIDPROXY, argv, { env: scrubbedEnv(), cwd: dir })
      : spawn(process.execPath, [MODULUS_BIN, 'pidproxy', ...argv], { env: scrubbedEnv(), cwd: dir });
  let stdout = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const exited = new Promise<{ code: number | null; stdout: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout })),
  );
  t.after(() => {
    child.kill('SIGKILL');
    const pid = existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8')) : 0;
    try {
      if (pid > 0) process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  });
  return { pidfile, record, exited, pid: child.pid!, send: (signal) => child.kill(signal) };
}

/** pidproxy sets its signal handlers before it starts its command: a child means they are set. */
function hasChild(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim() !== '';
  } catch {
    return false;
  }
}

const signals = (p: Proxy): string => (existsSync(p.record) ? readFileSync(p.record, 'utf8') : '');

test('pidproxy passes HUP on and stays; TERM reaches the daemon and pidproxy exits 0 (as Debian pidproxy)', async (t) => {
  if (!requireDebianSupervisor(t)) return;
  const dir = tempDir(t);
  for (const kind of ['debian', 'modulus'] as const) {
    const proxy = startProxy(t, kind, dir);
    await waitFor(
      `${kind}: the pidfile`,
      () => existsSync(proxy.pidfile) && readFileSync(proxy.pidfile, 'utf8').trim(),
    );
    await waitFor(`${kind}: the daemon's traps set`, () => existsSync(`${proxy.record}.ready`));
    await waitFor(`${kind}: pidproxy's handlers set (it has started its command)`, () => hasChild(proxy.pid));
    proxy.send('SIGHUP');
    await waitFor(`${kind}: HUP recorded by the daemon`, () => signals(proxy) === 'HUP\n');
    proxy.send('SIGTERM');
    const { code } = await proxy.exited;
    assert.equal(code, 0, `${kind} pidproxy exits 0 after TERM`);
    await waitFor(`${kind}: TERM recorded by the daemon`, () => signals(proxy) === 'HUP\nTERM\n');
  }
});

test('pidproxy: an unreadable pidfile is reported and ignored; no arguments is usage and exit 1', async (t) => {
  if (!requireDebianSupervisor(t)) return;
  const dir = tempDir(t);
  for (const kind of ['debian', 'modulus'] as const) {
    const argv = [join(dir, 'missing.pid'), '/bin/sleep', '30'];
    const child =
      kind === 'debian'
        ? spawn(DEBIAN_PIDPROXY, argv, { env: scrubbedEnv({ PYTHONUNBUFFERED: '1' }) })
        : spawn(process.execPath, [MODULUS_BIN, 'pidproxy', ...argv], { env: scrubbedEnv() });
    t.after(() => child.kill('SIGKILL'));
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    await waitFor(`${kind}: pidproxy's handlers set`, () => hasChild(child.pid!));
    child.kill('SIGUSR1');
    await waitFor(`${kind}: the complaint about the pidfile`, () =>
      stdout.includes(`Can't read child pidfile ${join(dir, 'missing.pid')}!\n`),
    );
    assert.equal(child.exitCode, null, `${kind} keeps running`);
  }
  const ours = await runCli(['pidproxy']);
  assert.equal(ours.code, 1);
  assert.match(ours.stdout, /^pidproxy -- /);
  assert.match(ours.stdout, /Usage: modulus pidproxy <pidfile name> <command> \[<cmdarg1> \.\.\.\]/);
});

async function runsSample(t: TestContext, kind: SupervisorKind, text: string): Promise<string> {
  const dir = tempDir(t);
  const conf = join(dir, 'supervisord.conf');
  writeFileSync(conf, text.replaceAll('/tmp/', `${dir}/`).replace('nodaemon=false', 'nodaemon=true'));
  const sv = runForeground(t, kind, conf, join(dir, 'supervisord.log'));
  const [state] = (await waitFor(`${kind} answering on the sample's socket`, () =>
    py({ socket: join(dir, 'supervisor.sock') }, 'show(p.supervisor.getState()["statename"])').catch(
      () => undefined,
    ),
  )) as string[];
  assert.equal(await sv.stop(), 0);
  return state!;
}

test("echo_supervisord_conf: our sample runs under Debian's supervisord and ours, as theirs does", async (t) => {
  if (!requireDebianSupervisor(t)) return;
  const ours = await runCli(['echo_supervisord_conf']);
  assert.equal(ours.code, 0);
  const theirs = await new Promise<string>((resolve) => {
    const child = spawn(DEBIAN_ECHO_CONF, [], { env: scrubbedEnv() });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('exit', () => resolve(out));
  });
  // The same sections are live (not commented out) in both samples.
  const live = (text: string): string[] => text.split('\n').filter((l) => /^\[/.test(l));
  assert.deepEqual(live(ours.stdout), live(theirs));
  const results = await Promise.all(
    (['debian', 'modulus'] as const).flatMap((kind) => [
      runsSample(t, kind, ours.stdout),
      runsSample(t, kind, theirs),
    ]),
  );
  assert.deepEqual(results, ['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
});
