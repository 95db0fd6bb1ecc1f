// `modulus volume init` and `check` as users run them: owners and modes on disk, idempotence,
// refusing a foreign directory and a planted symlink untouched, and the one message of check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, lstatSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODULUS_BIN, runCli, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';

const NOBODY = ['--uid', '65534', '--gid', '65534'];

function ownerMode(path: string): string {
  const st = lstatSync(path);
  return `${st.uid}:${st.gid} ${(st.mode & 0o7777).toString(8).padStart(4, '0')}`;
}

function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = { '.': ownerMode(root) };
  for (const name of readdirSync(root).sort()) out[name] = ownerMode(join(root, name));
  return out;
}

test('init makes the secure layout with lstat-checked owners and modes, and a second run does nothing', async (t) => {
  const vol = join(tempDir(t), 'vol');
  const first = await runCli(['volume', 'init', vol, ...NOBODY]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, new RegExp(`^created ${vol}/log \\(directory, 0:65534, 0750\\)$`, 'm'));
  assert.match(first.stdout, /^wrote .*\.modulus-volume \(secure layout, uid 65534, gid 65534\)$/m);
  assert.deepEqual(snapshot(vol), {
    '.': '0:65534 0755',
    '.modulus-volume': '0:0 0644',
    app: '65534:65534 0755',
    'app-storage': '65534:65534 0755',
    home: '65534:65534 0700',
    log: '0:65534 0750',
    notifications: '0:65534 0750',
    tmp: '65534:65534 0700',
  });
  const before = snapshot(vol);
  const second = await runCli(['volume', 'init', vol, ...NOBODY]);
  assert.equal(second.code, 0, second.stderr);
  assert.equal(second.stdout, `${vol}: nothing to do (secure layout, uid 65534, gid 65534)\n`);
  assert.deepEqual(snapshot(vol), before);
});

test('--layout original gives everything to the app user', async (t) => {
  const vol = tempDir(t);
  const r = await runCli(['volume', 'init', vol, ...NOBODY, '--layout', 'original']);
  assert.equal(r.code, 0, r.stderr);
  const s = snapshot(vol);
  assert.equal(s['.'], '65534:65534 0755');
  assert.equal(s.log, '65534:65534 0755');
  assert.equal(s.notifications, '65534:65534 0755');
});

test('a non-empty foreign directory is refused and left untouched', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'thesis.tex'), 'precious');
  mkdirSync(join(dir, 'tmp'), { mode: 0o777 });
  const before = snapshot(dir);
  const r = await runCli(['volume', 'init', dir, ...NOBODY]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not made by `modulus volume init`.*thesis\.tex/);
  assert.deepEqual(snapshot(dir), before);
});

test('a planted symlink log -> /etc is refused, and /etc is untouched', async (t) => {
  const dir = tempDir(t);
  symlinkSync('/etc', join(dir, 'log'));
  const etc = ownerMode('/etc');
  const r = await runCli(['volume', 'init', dir, ...NOBODY]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`${dir}/log is a symbolic link`));
  assert.equal(ownerMode('/etc'), etc);
  assert.deepEqual(readdirSync(dir), ['log']);
  assert.equal(lstatSync(join(dir, 'log')).isSymbolicLink(), true);
});

test('check exits 78 with one message naming every problem, and 0 once fixed', async (t) => {
  const vol = tempDir(t);
  assert.equal((await runCli(['volume', 'init', vol, ...NOBODY])).code, 0);
  rmSync(join(vol, 'notifications'), { recursive: true });
  chownSync(join(vol, 'tmp'), 0, 0);
  rmSync(join(vol, 'home'), { recursive: true });
  symlinkSync('/etc', join(vol, 'home'));
  const r = await runCli(['volume', 'check', vol, ...NOBODY]);
  assert.equal(r.code, 78);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines[0], `Error: ${vol} is not a usable Modulus volume (4 problems):`);
  assert.deepEqual(lines.slice(1, 5), [
    `  ${vol}/tmp: owned by root (uid 0): needs owner the app user (uid 65534)`,
    `  ${vol}/home: is a symbolic link: needs a directory owned by the app user (uid 65534)`,
    `  ${vol}/notifications: missing: needs a directory owned by root (uid 0) or the app user (uid 65534)`,
    `  ${vol}/supervisor.conf: missing: generate it with \`modulus config -o ${vol}/supervisor.conf\``,
  ]);
  assert.match(lines[5]!, new RegExp(`^Fix: run \`modulus volume init --uid 65534 --gid 65534 ${vol}\``));
  assert.equal(lines.length, 6);

  rmSync(join(vol, 'home'));
  const fixed = await runCli(['volume', 'init', vol, ...NOBODY]);
  assert.equal(fixed.code, 0, fixed.stderr);
  assert.equal((await runCli(['config', '-o', join(vol, 'supervisor.conf')])).code, 0);
  const ok = await runCli(['volume', 'check', ...NOBODY], { env: scrubbedEnv({ MODULUS_MNT: vol }) });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, `volume ${vol}: ready\n`);
});

test('check of a missing volume is one problem; bad usage exits 2', async (t) => {
  const missing = join(tempDir(t), 'none');
  const r = await runCli(['volume', 'check', missing]);
  assert.equal(r.code, 78);
  assert.match(r.stderr, new RegExp(`${missing}: does not exist`));
  for (const args of [
    ['volume'],
    ['volume', 'init'],
    ['volume', 'init', missing, '--uid', 'mop'],
    ['volume', 'init', missing, '--layout', 'x'],
  ]) {
    const u = await runCli(args);
    assert.equal(u.code, 2, args.join(' '));
  }
});

test("not running as root: everything is the runner's, and the output says so", async (t) => {
  const base = tempDir(t);
  chownSync(base, 65534, 65534);
  const vol = join(base, 'vol');
  const r = spawnSync(process.execPath, [MODULUS_BIN, 'volume', 'init', vol], {
    env: scrubbedEnv(),
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /^note: not running as root: everything is owned by uid 65534; the app is not isolated from its logs$/m,
  );
  for (const [name, mode] of Object.entries(snapshot(vol))) assert.match(mode, /^65534:65534 /, name);
});
