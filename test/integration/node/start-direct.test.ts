// `modulus start` run directly, without the image's wrapper. On a Node.js without process.execve
// (Node.js 20, this host's) the app runs as a child in its own process group: every forwarded
// signal sent to start's pid reaches the app, and the app's end is start's (exit status or signal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { waitFor } from '../../helpers/wait-for.js';
import { volumeWithApp } from '../../fixtures/apps/harness.js';
import { FORWARDED_SIGNALS } from '../../../src/os/forward-child.js';

const FALLBACK = !('execve' in process);

// Logs each signal it gets; exits with EXIT_ON's status on that signal; READY <pid> once set up.
const SIGNAL_APP = `
const exitOn = process.env.EXIT_ON;
for (const name of process.env.LISTEN.split(' ').filter(Boolean))
  process.on(name, () => {
    process.stdout.write('got ' + name + '\\n');
    if (name === exitOn) process.exit(Number(process.env.EXIT_STATUS));
  });
process.stdout.write('READY ' + process.pid + '\\n');
setInterval(() => {}, 60_000);
`;

function startDirect(t: Parameters<typeof tempDir>[0], env: NodeJS.ProcessEnv, app = 'no-package') {
  const mnt = volumeWithApp(t, app);
  if (app === 'no-package') writeFileSync(join(mnt, 'app', 'index.js'), SIGNAL_APP);
  // "The image" ships this machine's Node.js under a made-up version: no network needed.
  const image = tempDir(t, 'modulus-image-host-');
  symlinkSync(dirname(dirname(process.execPath)), join(image, 'v20.99.0'));
  const child = spawn(process.execPath, [MODULUS_BIN, 'start'], {
    env: scrubbedEnv({
      MODULUS_MNT: mnt,
      HOME: join(mnt, 'home'),
      MODULUS_NODE_PREINSTALLED_DIR: image,
      ...env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const line = async (re: RegExp): Promise<RegExpExecArray> => {
    try {
      return await waitFor(`a line matching ${re}`, () => re.exec(out) ?? undefined, { timeoutMs: 30_000 });
    } catch (e) {
      throw new Error(`${(e as Error).message}\nstdout:\n${out}\nstderr:\n${err}`);
    }
  };
  return { child, exited, line, stdout: () => out };
}

const pgid = (pid: number): number =>
  Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);

test(
  'every forwarded signal sent to start reaches the app; the app’s exit status is start’s',
  { skip: !FALLBACK && 'this Node.js execs the app in place' },
  async (t) => {
    const s = startDirect(t, { LISTEN: FORWARDED_SIGNALS.join(' '), EXIT_ON: 'SIGTERM', EXIT_STATUS: '42' });
    const appPid = Number((await s.line(/^READY (\d+)$/m))[1]);
    assert.notEqual(appPid, s.child.pid);
    assert.match(s.stdout(), /cannot exec in place: running the app as a child, forwarding signals/);
    assert.equal(pgid(appPid), appPid, 'the app leads its own process group');
    for (const signal of FORWARDED_SIGNALS.filter((n) => n !== 'SIGTERM')) {
      s.child.kill(signal);
      await s.line(new RegExp(`^got ${signal}$`, 'm'));
    }
    s.child.kill('SIGTERM');
    assert.deepEqual(await s.exited, { code: 42, signal: null });
    assert.equal(s.stdout().match(/^got SIGINT$/gm)?.length, 1, 'each signal arrives once');
  },
);

test(
  'an app ended by a signal ends start with the same signal',
  { skip: !FALLBACK && 'this Node.js execs the app in place' },
  async (t) => {
    // No handlers: the forwarded SIGTERM ends the app by default.
    const byTerm = startDirect(t, { LISTEN: '' });
    await byTerm.line(/^READY \d+$/m);
    byTerm.child.kill('SIGTERM');
    assert.deepEqual(await byTerm.exited, { code: null, signal: 'SIGTERM' });
    // Killed from outside, with nothing forwarded: start dies of SIGKILL too.
    const byKill = startDirect(t, { LISTEN: '' });
    const appPid = Number((await byKill.line(/^READY (\d+)$/m))[1]);
    process.kill(appPid, 'SIGKILL');
    assert.deepEqual(await byKill.exited, { code: null, signal: 'SIGKILL' });
  },
);

test('a compound npm start script: its shell keeps running, SIGTERM reaches node, the status is mirrored', async (t) => {
  const s = startDirect(t, { MODULUS_CONFIG_ENGINES_NODE: '20.99.0' }, 'npm-start-compound');
  await s.line(/^PROBE /m);
  s.child.kill('SIGTERM');
  assert.deepEqual(await s.exited, { code: 42, signal: null });
  assert.match(s.stdout(), /probe: got SIGTERM/);
});
