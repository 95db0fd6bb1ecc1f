// Who a child is, read from /proc/<pid>/status of the running program under ours and under
// Debian's supervisord side by side: with user=, the uid, the gid and every supplementary group
// `id USER` lists (supervisord's initgroups-like setgroups before setuid).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireDebianSupervisor } from '../../helpers/require-tool.js';
import { PROGRAMS, py, startServer, type ServerKind } from '../rpc-api/servers.js';

const USER = 'mss-worker';
const GROUPS = ['mss-primary', 'mss-extra1', 'mss-extra2'];

/** A user with a primary group and two more, removed when the test ends. */
function makeUser(t: TestContext): void {
  const cleanup = (): void => {
    execFileSync('sh', [
      '-c',
      `userdel ${USER} 2>/dev/null; for g in ${GROUPS.join(' ')}; do groupdel $g 2>/dev/null; done; true`,
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
