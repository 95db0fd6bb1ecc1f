// logfile=syslog and stdout_syslog/stderr_syslog against a real rsyslogd started on its own socket
// and config in a temp dir. Debian's supervisord writes to /dev/log, so it runs in a private mount
// namespace whose /dev/log is that socket; ours is pointed at it with MODULUS_SYSLOG_SOCKET.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEBIAN_SUPERVISORD, requireDebianSupervisor, requirePaths } from '../../helpers/require-tool.js';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const RSYSLOGD = '/usr/sbin/rsyslogd';
const LOGGER = '/usr/bin/logger';

/** An rsyslogd listening on dir/log.sock, writing `facility.severity tag: message` to dir/out.log. */
async function startRsyslogd(t: TestContext, dir: string): Promise<{ socket: string; lines(): string[] }> {
  const socket = join(dir, 'log.sock');
  const out = join(dir, 'out.log');
  writeFileSync(
    join(dir, 'rsyslog.conf'),
    `global(workDirectory="${dir}")
module(load="imuxsock" SysSock.Use="off")
input(type="imuxsock" Socket="${socket}" RateLimit.Interval="0")
template(name="raw" type="string" string="%syslogfacility-text%.%syslogseverity-text% %syslogtag%%msg%\\n")
*.* action(type="omfile" file="${out}" template="raw")
`,
  );
  const child = spawn(RSYSLOGD, ['-n', '-f', join(dir, 'rsyslog.conf'), '-i', join(dir, 'rsyslogd.pid')], {
    stdio: 'ignore',
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  t.after(async () => {
    child.kill('SIGTERM');
    await exited;
  });
  await waitFor('rsyslogd to create its socket', () => existsSync(socket));
  return {
    socket,
    lines: () =>
      existsSync(out)
        ? readFileSync(out, 'utf8')
            .split('\n')
            .filter((l) => l)
        : [],
  };
}

const CONFIG = (dir: string, lines: number) => `[supervisord]
logfile=syslog
pidfile=${dir}/sd.pid
childlogdir=${dir}
[program:web]
command=/bin/sh -c "printf 'hello\\\\nworld\\\\n'; printf 'oops\\\\n' >&2; i=0; while [ $i -lt ${lines} ]; do echo line $i; i=$((i+1)); done; exec sleep 60"
stdout_syslog=true
stderr_syslog=true
stdout_logfile=NONE
startsecs=0
`;

async function run(t: TestContext, kind: 'debian' | 'modulus', lines: number): Promise<string[]> {
  const dir = tempDir(t);
  const rsyslog = await startRsyslogd(t, dir);
  writeFileSync(join(dir, 'sd.conf'), CONFIG(dir, lines));
  const child =
    kind === 'debian'
      ? spawn(
          'unshare',
          [
            '-m',
            '--propagation',
            'private',
            'sh',
            '-c',
            'mount -t tmpfs -o mode=755 tmpfs /dev && mknod -m 666 /dev/null c 1 3 && ' +
              'mknod -m 666 /dev/urandom c 1 9 && touch /dev/log && mount --bind "$1" /dev/log && ' +
              'exec "$2" -n -c "$3"',
            'sh',
            rsyslog.socket,
            DEBIAN_SUPERVISORD,
            join(dir, 'sd.conf'),
          ],
          { env: scrubbedEnv(), stdio: 'ignore' },
        )
      : spawn(process.execPath, [MODULUS_BIN, 'supervisord', '-n', '-c', join(dir, 'sd.conf')], {
          env: scrubbedEnv({ MODULUS_SYSLOG_SOCKET: rsyslog.socket }),
          stdio: 'ignore',
        });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  t.after(() => child.kill('SIGKILL'));
  await waitFor(
    `${kind}: every line of web in syslog`,
    () => rsyslog.lines().some((l) => l.endsWith(`web line ${lines - 1}`)),
    { timeoutMs: 30_000 },
  );
  await waitFor(`${kind}: the RUNNING line`, () => rsyslog.lines().some((l) => l.includes('success: web')));
  child.kill('SIGTERM');
  await exited;
  await waitFor(`${kind}: its last line`, () =>
    rsyslog.lines().some((l) => /INFO supervisord exiting|WARN received SIGTERM/.test(l)),
  );
  return rsyslog.lines();
}

test('stdout_syslog, stderr_syslog and logfile=syslog reach rsyslogd with the tags and lines Debian supervisord sends', async (t) => {
  if (
    !requireDebianSupervisor(t) ||
    !requirePaths(t, [RSYSLOGD, LOGGER], 'apt-get install rsyslog util-linux')
  )
    return;
  const lines = 2000;
  const [theirs, ours] = await Promise.all([run(t, 'debian', lines), run(t, 'modulus', lines)]);
  const program = (all: string[]) => all.filter((l) => l.startsWith('user.info supervisord: web '));
  const expected = [
    'user.info supervisord: web hello',
    'user.info supervisord: web world',
    'user.info supervisord: web oops',
    ...Array.from({ length: lines }, (_, i) => `user.info supervisord: web line ${i}`),
  ];
  // Every line, none lost; stdout and stderr are separate pipes, so only each one's order holds.
  assert.deepEqual([...program(ours)].sort(), [...expected].sort());
  assert.deepEqual([...program(theirs)].sort(), [...expected].sort());
  const ordered = (all: string[]) => program(all).filter((l) => !l.endsWith('oops'));
  assert.deepEqual(ordered(ours), ordered(theirs));
  // The main log: `asctime LEVEL message` under the same tag, as Debian's.
  const main = (all: string[]) =>
    all
      .filter((l) => /^user\.info supervisord: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]{4} /.test(l))
      .map((l) => l.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}/, 'TIME').replace(/pid \d+/, 'pid N'));
  for (const line of [
    "user.info supervisord: TIME INFO spawned: 'web' with pid N",
    'user.info supervisord: TIME INFO success: web entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)',
  ]) {
    assert.ok(main(ours).includes(line), `ours: ${line}\n${main(ours).join('\n')}`);
    assert.ok(main(theirs).includes(line), `theirs: ${line}`);
  }
});
