// An app in a run-node container, the way the platform runs one: a volume made by
// `modulus volume init`, a supervisor.conf from `modulus config`, `docker run` with no command.
// Checks the seed's contract from the outside: environment, identity, app.log and its rotation,
// supervisorctl through docker exec, the control socket, health, and a graceful docker stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  dockerOk,
  dockerSuite,
  get,
  makeVolume,
  MOP_GID,
  MOP_UID,
  REPO,
  RUN_NODE,
  runContainer,
  waitForApp,
  waitForRunning,
} from '../helpers/docker.js';
import { freePort } from '../helpers/free-port.js';
import { waitFor } from '../helpers/wait-for.js';

const APP = join(REPO, 'test/fixtures/e2e-app');

// Every character class the config dialect treats specially, and then some.
const TRICKY: Record<string, string> = {
  COMMAS: 'a,b,,c',
  DOUBLE_QUOTES: 'say "hi" now',
  SINGLE_QUOTES: "it's 'quoted' here",
  PERCENT: '100% %(ENV_HOME)s %%',
  EQUALS: 'k=v=w',
  SPACES: '  padded  ',
  COMMENTS: 'x ;not a comment #nor this',
  NEWLINES: 'line one\nline two\n',
  BACKSLASH: 'C:\\path\\ end\\',
  UNICODE: 'héllo wörld ✓ 日本 🚀',
};

function envArgs(env: Record<string, string>): string[] {
  return Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
}

async function startApp(t: Parameters<typeof makeVolume>[0], config: string[] = []) {
  const port = await freePort();
  const volume = await makeVolume(t, { app: APP, config: ['--port', String(port), ...config] });
  const c = await runContainer(t, RUN_NODE, volume);
  await waitForApp(c, port);
  await waitForRunning(c);
  return { port, volume, c };
}

test("supervisor.conf's environment reaches the app byte for byte, with HOME and the temp dirs", async (t) => {
  if (!(await dockerSuite(t))) return;
  const { port } = await startApp(t, envArgs(TRICKY));
  const env = JSON.parse((await get(port, '/env')) ?? '{}') as Record<string, string>;
  for (const [k, v] of Object.entries(TRICKY)) assert.equal(env[k], v, `${k} as the app sees it`);
  assert.equal(env.HOME, '/mnt/home');
  assert.equal(env.TMPDIR, '/mnt/tmp');
  assert.equal(env.TEMP_DIR, '/mnt/tmp');
  assert.equal(env.TMP_DIR, '/mnt/tmp');
  assert.equal(env.PORT, String(port));
});

test('the app runs as mop from /mnt/app, and cannot touch its logs or notifications', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { port } = await startApp(t);
  const who = JSON.parse((await get(port, '/whoami')) ?? '{}');
  assert.equal(who.uid, MOP_UID);
  assert.equal(who.gid, MOP_GID);
  assert.equal(who.cwd, '/mnt/app');
  for (const path of [
    '/mnt/log/app.log',
    '/mnt/log/forged',
    '/mnt/notifications/forged.json',
    '/mnt/supervisor.conf',
    '/etc/passwd',
  ]) {
    const r = JSON.parse((await get(port, `/write?path=${encodeURIComponent(path)}`)) ?? '{}');
    assert.equal(r[path], 'EACCES', `the app writing ${path}`);
  }
  const r = JSON.parse(
    (await get(port, `/write?path=${encodeURIComponent('/mnt/app-storage/kept')}`)) ?? '{}',
  );
  assert.equal(r['/mnt/app-storage/kept'], 'written');
});

test('the app output goes to /mnt/log/app.log, rotated at the configured size', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { port, volume } = await startApp(t, ['--log-maxbytes', '20KB', '--log-backups', '2']);
  const log = join(volume, 'log', 'app.log');
  assert.match(readFileSync(log, 'utf8'), /e2e-app listening on/);
  assert.ok(await get(port, '/log?lines=600&width=100')); // ~60 KB: three files' worth
  // Settled: both backups made and the last line written has reached app.log (the app's writes
  // go on through the supervisor after its answer, and a rotation leaves a fresh app.log empty).
  const last = `599 ${'x'.repeat(100)}\n`;
  const files = await waitFor('app.log.1, app.log.2 and the last line in app.log', () => {
    const names = readdirSync(join(volume, 'log')).filter((n) => n.startsWith('app.log'));
    return names.includes('app.log.2') && readFileSync(log, 'utf8').endsWith(last) ? names.sort() : false;
  });
  assert.deepEqual(files, ['app.log', 'app.log.1', 'app.log.2']);
  for (const name of files) {
    const st = statSync(join(volume, 'log', name));
    assert.ok(st.size <= 20 * 1024, `${name} is ${st.size} bytes, over the 20KB limit`);
    assert.equal(st.uid, 0, `${name} is written by the supervisor (root)`);
  }
  // Rotation is at line boundaries: every file ends with a whole line.
  for (const name of files) assert.match(readFileSync(join(volume, 'log', name), 'utf8'), /\n$/);
});

test('docker exec supervisorctl status and restart control the app', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { port, c } = await startApp(t);
  const status = await c.exec(['supervisorctl', 'status']);
  assert.equal(status.code, 0, status.stdout + status.stderr);
  assert.match(status.stdout, /^app\s+RUNNING\s+pid \d+/m);
  // The notifier runs inside the supervisor ([modulus:notify]): the app is the only program.
  assert.doesNotMatch(status.stdout, /^notify\s/m);
  const before = JSON.parse((await get(port, '/whoami')) ?? '{}').pid;
  const restart = await c.exec(['supervisorctl', 'restart', 'app']);
  assert.equal(restart.code, 0, restart.stdout + restart.stderr);
  assert.match(restart.stdout, /app: stopped\napp: started/);
  const after = await waitFor(
    'the restarted app',
    async () => JSON.parse((await get(port, '/whoami')) ?? 'null')?.pid,
  );
  assert.notEqual(after, before);
  const health = await c.exec(['/usr/local/lib/modulus/healthcheck']);
  assert.equal(health.code, 0, 'healthy while the app runs');
  await c.exec(['supervisorctl', 'stop', 'app']);
  const sick = await c.exec(['/usr/local/lib/modulus/healthcheck']);
  assert.equal(sick.code, 1, 'unhealthy when the app is stopped');
  assert.match(sick.stdout, /^app\s+STOPPED/m);
});

test('the app cannot signal or trace the supervisor, which runs as root', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { c } = await startApp(t);
  const who = await c.exec(['sh', '-c', 'stat -c %U /proc/$(cat /run/modulus/supervisord.pid)']);
  assert.equal(who.stdout.trim(), 'root');
  // mop cannot read the root-only pidfile either, so the pid comes from root's side.
  const pid = (await c.exec(['cat', '/run/modulus/supervisord.pid'])).stdout.trim();
  const kill = await c.exec(['sh', '-c', `kill -TERM ${pid}`], 'mop');
  assert.notEqual(kill.code, 0);
  assert.match(kill.stderr, /Operation not permitted/);
  const mem = await c.exec(['sh', '-c', `cat /proc/${pid}/environ > /dev/null`], 'mop');
  assert.notEqual(mem.code, 0, "mop cannot read the supervisor's environment");
  const status = await c.exec(['supervisorctl', 'status', 'app']);
  assert.match(status.stdout, /^app\s+RUNNING/m, 'the supervisor is unharmed');
});

test('the control socket is root-only and no TCP control port listens', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { c } = await startApp(t);
  const asMop = await c.exec(['supervisorctl', 'status'], 'mop');
  assert.notEqual(asMop.code, 0, 'mop cannot reach the control socket');
  assert.match(asMop.stdout + asMop.stderr, /[Pp]ermission denied/);
  const mode = await c.exec(['stat', '-c', '%a %U', '/run/modulus', '/run/modulus/supervisor.sock']);
  assert.deepEqual(mode.stdout.trim().split('\n'), ['700 root', '700 root']);
  // The supervisor's own sockets, matched against the kernel's table of listening TCP sockets.
  const listening = await c.exec([
    'sh',
    '-c',
    'pid=$(cat /run/modulus/supervisord.pid); ' +
      'for fd in /proc/$pid/fd/*; do readlink "$fd"; done | sed -n "s/^socket:\\[\\([0-9]*\\)\\]$/\\1/p" > /run/modulus/inodes; ' +
      'cat /proc/$pid/net/tcp /proc/$pid/net/tcp6 | awk \'$4 == "0A" { print $10 }\' | grep -Fxf /run/modulus/inodes; ' +
      'echo "sockets: $(wc -l < /run/modulus/inodes)"',
  ]);
  assert.match(listening.stdout, /^sockets: [1-9]\d*$/m, 'the supervisor has sockets (its unix socket)');
  assert.doesNotMatch(listening.stdout, /^\d+$/m, `the supervisor listens on TCP:\n${listening.stdout}`);
});

test('docker stop stops the app gracefully and the container exits 0', async (t) => {
  if (!(await dockerSuite(t))) return;
  const { volume, c } = await startApp(t);
  const started = Date.now();
  await dockerOk(['stop', '-t', '30', c.name], 60_000);
  const seconds = (Date.now() - started) / 1000;
  const state = JSON.parse(await dockerOk(['inspect', '--format', '{{json .State}}', c.name]));
  assert.equal(state.ExitCode, 0);
  assert.ok(seconds < 10, `stopping took ${seconds} s; the app stops at once on SIGTERM`);
  assert.match(readFileSync(join(volume, 'log', 'app.log'), 'utf8'), /e2e-app: SIGTERM received, closing/);
  const main = readFileSync(join(volume, 'log', 'supervisord.log'), 'utf8');
  assert.match(main, /stopped: app \(exit status 0\)/);
});

test("the original layout: everything is mop's, the app may write its log dir, the supervisor still logs", async (t) => {
  if (!(await dockerSuite(t))) return;
  const port = await freePort();
  const volume = await makeVolume(t, { app: APP, layout: 'original', config: ['--port', String(port)] });
  assert.equal(statSync(join(volume, 'log')).uid, MOP_UID);
  const c = await runContainer(t, RUN_NODE, volume);
  await waitForApp(c, port);
  await waitForRunning(c);
  const r = JSON.parse((await get(port, `/write?path=${encodeURIComponent('/mnt/log/mine')}`)) ?? '{}');
  assert.equal(r['/mnt/log/mine'], 'written', 'as in the original images');
  assert.match(readFileSync(join(volume, 'log', 'app.log'), 'utf8'), /e2e-app listening on/);
});
