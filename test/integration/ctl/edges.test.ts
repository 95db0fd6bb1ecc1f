// Our supervisorctl beside Debian's where no process list is involved or where timing matters:
// unreachable servers, authentication, usage errors, tail -f / maintail -f until Ctrl-C, fg,
// and our own `status --json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { freePort } from '../../helpers/free-port.js';
import { waitFor } from '../../helpers/wait-for.js';
import {
  DEBIAN_SUPERVISORCTL,
  debianSupervisorAvailable,
  normalise,
  runDebianCtl,
  runOurCtl,
  startServer,
} from './twin-servers.js';

async function sameAsDebian(args: string[], input = ''): Promise<void> {
  const [theirs, ours] = await Promise.all([runDebianCtl(args, input), runOurCtl(args, input)]);
  const label = `supervisorctl ${args.join(' ')}`;
  assert.equal(normalise(ours.stdout), normalise(theirs.stdout), `stdout of ${label}`);
  assert.equal(normalise(ours.stderr), normalise(theirs.stderr), `stderr of ${label}`);
  assert.equal(ours.code, theirs.code, `exit code of ${label}`);
}

test('an unreachable server: no such file (7, status 4), refused (4), other commands exit 1', async (t) => {
  if (!debianSupervisorAvailable(t)) return;
  const dir = tempDir(t);
  const plain = join(dir, 'plain');
  writeFileSync(plain, '');
  for (const url of [`unix://${dir}/none.sock`, `unix://${plain}`, 'http://127.0.0.1:1']) {
    for (const command of [
      ['status'],
      ['start', 'web'],
      ['avail'],
      ['reread'],
      ['shutdown'],
      ['version'],
      ['pid'],
    ]) {
      await sameAsDebian(['-s', url, ...command]);
    }
  }
});

test('usage errors, -h, and a config without [supervisorctl] exit 2 as supervisorctl does', async (t) => {
  if (!debianSupervisorAvailable(t)) return;
  const dir = tempDir(t);
  const noSection = join(dir, 'no-section.conf');
  writeFileSync(noSection, '[supervisord]\n');
  for (const args of [
    ['-c', join(dir, 'missing.conf'), 'status'],
    ['-c', noSection, 'status'],
  ]) {
    const [theirs, ours] = await Promise.all([runDebianCtl(args), runOurCtl(args)]);
    assert.equal(ours.code, 2);
    assert.equal(ours.code, theirs.code);
    assert.equal(ours.stdout, '');
    assert.equal(normalise(ours.stderr), normalise(theirs.stderr), `stderr of ${args.join(' ')}`);
  }
  const bad = await runOurCtl(['-x']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^Error: .*-x\nFor help, use supervisorctl -h\n$/);
  const help = await runOurCtl(['-h']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /-s\/--serverurl URL/);
  for (const flag of ['-h', '-?']) {
    const [theirs, ours] = await Promise.all([runDebianCtl([flag]), runOurCtl([flag])]);
    assert.equal(ours.code, 0, `exit code of supervisorctl ${flag}`);
    assert.equal(ours.code, theirs.code);
    assert.equal(ours.stdout.split('\n')[0], theirs.stdout.split('\n')[0], `first line of ${flag}`);
    assert.equal(
      ours.stdout.split('\n')[0],
      'supervisorctl -- control applications run by supervisord from the cmd line.',
    );
  }
});

test('a server with a password: 401 is "Server requires authentication"; -u/-p and the config work', async (t) => {
  if (!debianSupervisorAvailable(t)) return;
  const port = await freePort();
  const server = await startServer(
    t,
    'debian',
    '[program:web]\ncommand=/bin/sleep 1000\nstartsecs=0\n',
    `[inet_http_server]\nport=127.0.0.1:${port}\nusername=admin\npassword=s3cret\n`,
  );
  const url = `http://127.0.0.1:${port}`;
  await sameAsDebian(['-s', url, 'status']);
  await sameAsDebian(['-s', url, 'reread']);
  await sameAsDebian(['-s', url, '-u', 'admin', '-p', 'wrong', 'version']);
  await sameAsDebian(['-s', url, '-u', 'admin', '-p', 's3cret', 'status']);
  const conf = join(server.dir, 'ctl.conf');
  writeFileSync(conf, `[supervisorctl]\nserverurl=${url}\nusername=admin\npassword=s3cret\n`);
  await sameAsDebian(['-c', conf, 'pid', 'web']);
  const ours = await runOurCtl(['-c', conf, 'status']);
  assert.equal(ours.code, 0, ours.stdout);
  assert.doesNotMatch(ours.stdout + ours.stderr, /s3cret/);
});

/** Runs a client until `ready` appears on stdout, then sends SIGINT; resolves with its result. */
function untilInterrupted(file: string, args: string[], ready: RegExp) {
  const child = spawn(file, args, { env: scrubbedEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return (async () => {
    await waitFor(`${ready} from ${args.join(' ')}: ${stdout}${stderr}`, () => ready.test(stdout));
    child.kill('SIGINT');
    return { code: await closed, stdout, stderr };
  })();
}

test('tail -f and maintail -f stream until Ctrl-C, then print an empty line and exit 0', async (t) => {
  if (!debianSupervisorAvailable(t)) return;
  const server = await startServer(
    t,
    'debian',
    "[program:chatty]\ncommand=/bin/sh -c 'echo hello; echo oops >&2; exec /bin/sleep 1000'\nstartsecs=0\n",
  );
  await waitFor('chatty output in its log', async () =>
    (await runOurCtl(['-c', server.configFile, 'tail', 'chatty'])).stdout.includes('hello'),
  );
  for (const [args, ready] of [
    [['tail', '-f', 'chatty'], /hello/],
    [['tail', '-f', 'chatty', 'stderr'], /oops/],
    [['maintail', '-f'], /success: chatty/],
  ] as const) {
    const full = ['-c', server.configFile, ...args];
    const [theirs, ours] = await Promise.all([
      untilInterrupted(DEBIAN_SUPERVISORCTL, full, ready),
      untilInterrupted(process.execPath, [MODULUS_BIN, 'supervisorctl', ...full], ready),
    ]);
    assert.equal(ours.code, theirs.code, `exit code of ${args.join(' ')}`);
    assert.equal(ours.code, 0);
    assert.match(ours.stdout, /^==> Press Ctrl-C to exit <==\n/);
    assert.match(ours.stdout, /\n\n$|^[^\n]*\n[^\n]*\n$/);
    // Debian's client has been seen (once in a CI run) to exit 0 on this SIGINT without its closing
    // empty line, so the two are compared without it; ours always prints it (the match above).
    if (args[0] !== 'maintail') assert.equal(ours.stdout.trimEnd(), theirs.stdout.trimEnd());
    assert.equal(ours.stderr, '');
  }
});

test('fg sends typed lines to the process and shows its output; end of input leaves', async (t) => {
  if (!debianSupervisorAvailable(t)) return;
  const server = await startServer(t, 'debian', '[program:echo]\ncommand=/bin/cat\nstartsecs=0\n');
  const child = spawn(
    process.execPath,
    [MODULUS_BIN, 'supervisorctl', '-c', server.configFile, 'fg', 'echo'],
    {
      env: scrubbedEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  t.after(() => void (child.exitCode === null && child.kill('SIGKILL')));
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  await waitFor('the fg banner', () => stdout.includes('==> Press Ctrl-C to exit <=='));
  child.stdin.write('ping\n');
  await waitFor(`ping echoed back through the log: ${stdout}`, () => stdout.includes('ping\n'));
  child.stdin.end();
  assert.equal(await closed, 0);
  assert.match(stdout, /Exiting foreground\n$/);
});

test('status --json prints getAllProcessInfo structs with the same exit codes as status', async (t) => {
  if (!debianSupervisorAvailable(t)) return;
  const server = await startServer(
    t,
    'debian',
    '[program:web]\ncommand=/bin/sleep 1000\nstartsecs=0\n[program:idle]\ncommand=/bin/sleep 1\nautostart=false\n',
  );
  const all = await runOurCtl(['-c', server.configFile, 'status', '--json']);
  assert.equal(all.code, 3);
  const infos = JSON.parse(all.stdout) as { name: string; statename: string; pid: number }[];
  assert.deepEqual(
    infos.map((i) => [i.name, i.statename]),
    [
      ['idle', 'STOPPED'],
      ['web', 'RUNNING'],
    ],
  );
  assert.ok(infos[1]!.pid > 0);
  const one = await runOurCtl(['-c', server.configFile, 'status', '--json', 'web', 'nosuch']);
  assert.equal(one.code, 4);
  assert.equal((JSON.parse(one.stdout) as unknown[]).length, 1);
  assert.equal(one.stderr, 'nosuch: ERROR (no such process)\n');
});
