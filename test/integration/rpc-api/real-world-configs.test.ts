// Real-world-shaped configs (test/fixtures/configs/real-world) loaded by Debian's supervisord and
// ours: getAllConfigInfo and getAllProcessInfo compared field by field, and the broken ones
// refused by both, for the same section and key.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runForeground, type SupervisorKind } from '../../helpers/foreground.js';
import { DEBIAN_SUPERVISORD, requireDebianSupervisor } from '../../helpers/require-tool.js';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { PROGRAMS, py } from './servers.js';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/configs/real-world/', import.meta.url));
const CONFIGS = ['docker-web', 'laravel', 'celery', 'mail', 'channels'];

/** A copy of one fixture directory, with what git cannot hold (a symlinked include directory). */
function stage(t: TestContext, name: string): string {
  const dir = tempDir(t);
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  // user=nobody programs with directory=%(here)s must be able to enter it: supervisord changes
  // directory after dropping privileges.
  chmodSync(dir, 0o755);
  if (name === 'mail') {
    mkdirSync(join(dir, 'real', 'var'));
    symlinkSync(join(dir, 'real', 'conf.d'), join(dir, 'linked'));
  }
  return dir;
}

const env = (dir: string): NodeJS.ProcessEnv => scrubbedEnv({ PROGRAMS, HOME: dir });
const SETTLED = new Set(['RUNNING', 'FATAL', 'EXITED', 'STOPPED']);

/** Runs `kind` on the staged config until every process has settled; returns both infos. */
async function infos(t: TestContext, kind: SupervisorKind, name: string): Promise<unknown> {
  const dir = stage(t, name);
  const sv = runForeground(t, kind, join(dir, 'supervisord.conf'), join(dir, 'supervisord.log'), {
    cwd: dir,
    env: env(dir),
  });
  const server = { socket: join(dir, 'supervisor.sock') };
  const script = `show([p.supervisor.getAllConfigInfo(), p.supervisor.getAllProcessInfo()])`;
  const [config, processes] = (await waitFor(
    `every process of ${name} settled under ${kind}`,
    async () => {
      const [result] = (await py(server, script)) as [[unknown[], { statename: string }[]]];
      return result[1].every((p) => SETTLED.has(p.statename)) ? result : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n--- ${kind} log ---\n${sv.log()}`);
  })) as [Record<string, unknown>[], Record<string, unknown>[]];
  // Where the log files were opened: `..` resolved by the kernel through the symlink, a relative
  // name from the supervisor's working directory, `~` from HOME.
  const opened =
    name === 'mail'
      ? ['real/var/dovecot.log', 'real/var/postfix.err', 'postfix.log', 'var', 'opendkim.log'].map((f) => [
          f,
          existsSync(join(dir, f)),
        ])
      : [];
  assert.equal(await sv.stop(), 0);
  const normal = (v: unknown): unknown =>
    JSON.parse(
      JSON.stringify(v)
        .replaceAll(dir, 'HERE')
        .replace(/---supervisor-[A-Za-z0-9_-]{8}\.log/g, '---supervisor-XXXXXXXX.log'),
    );
  const byName = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    `${String(a.group)}:${String(a.name)}`.localeCompare(`${String(b.group)}:${String(b.name)}`);
  return normal({
    opened,
    config: [...config].sort(byName),
    processes: [...processes].sort(byName).map((p) => ({
      ...p,
      // Times and pids differ between any two runs.
      pid: Number(p.pid) > 0,
      start: Number(p.start) > 0,
      stop: Number(p.stop) > 0,
      now: undefined,
      description: String(p.description).replace(/pid \d+, uptime \d+:\d\d:\d\d/, 'pid N, uptime T'),
    })),
  });
}

for (const name of CONFIGS) {
  test(`${name}: getAllConfigInfo and getAllProcessInfo match Debian's supervisord field by field`, async (t) => {
    if (!requireDebianSupervisor(t)) return;
    const [theirs, ours] = await Promise.all([infos(t, 'debian', name), infos(t, 'modulus', name)]);
    assert.deepEqual(ours, theirs);
    if (name === 'mail') {
      assert.deepEqual((ours as { opened: unknown }).opened, [
        ['real/var/dovecot.log', true],
        ['real/var/postfix.err', true],
        ['postfix.log', true],
        ['var', false],
        ['opendkim.log', false],
      ]);
    }
  });
}

interface Refusal {
  readonly code: number | null;
  readonly text: string;
}

function refusal(kind: SupervisorKind, file: string, cwd: string): Promise<Refusal> {
  const [bin, ...args] =
    kind === 'debian'
      ? [DEBIAN_SUPERVISORD, '-n', '-c', file]
      : [process.execPath, MODULUS_BIN, 'supervisord', '-n', '-c', file];
  return new Promise((resolve) => {
    execFile(bin!, args, { cwd, env: env(cwd), timeout: 15_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, text: stdout + stderr });
    });
  });
}

test('broken real-world configs: both refuse with exit 2, naming the same section; ours names FILE:LINE', async (t) => {
  if (!requireDebianSupervisor(t)) return;
  const dir = stage(t, 'refused');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.conf'))) {
    const path = join(dir, file);
    const [theirs, ours] = await Promise.all([refusal('debian', path, dir), refusal('modulus', path, dir)]);
    assert.equal(theirs.code, 2, `${file}: Debian refuses it\n${theirs.text}`);
    assert.equal(ours.code, theirs.code, `${file}: exit code\n${ours.text}`);
    assert.match(ours.text, new RegExp(`^Error: ${path}:\\d+ \\[`), `${file}: FILE:LINE [section]`);
    // The section Debian names (`in section 'program:x'`), when it names one. (Its message for
    // a [group] naming an unknown program names the last program section instead, a bug.)
    const named = /in section '([^']+)'/.exec(theirs.text)?.[1];
    if (named !== undefined)
      assert.ok(ours.text.includes(`[${named}]`), `${file}: names [${named}]\n${ours.text}`);
  }
});
