// At loglevel debug (and trace, blather) supervisord copies child output into its main log and
// logs each SIGCHLD and each listener protocol change; below debug none of it. Debian's
// supervisord and ours run the same config side by side and their records are compared.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logRecords, runForeground, waitForLog, type SupervisorKind } from '../../helpers/foreground.js';
import { requireDebianSupervisor } from '../../helpers/require-tool.js';
import { tempDir } from '../../helpers/temp-dir.js';

// One write per stream, apart in time, so both supervisors read the same chunks.
const TALK = `/bin/sh -c "printf 'hello\\\\nworld\\\\n'; sleep 0.3; printf '\\\\210\\\\n' >&2; sleep 0.3"`;
// READY, then one event answered with RESULT and READY in one write.
const LISTENER =
  `/bin/sh -c "printf 'READY\\\\n'; read h; n=\${h##*len:}; head -c $n >/dev/null; ` +
  `printf 'RESULT 2\\\\nOKREADY\\\\n'; exec sleep 60"`;

async function records(t: TestContext, kind: SupervisorKind, level: string): Promise<string[]> {
  const dir = tempDir(t);
  const log = join(dir, 'main.log');
  const conf = join(dir, 'sd.conf');
  writeFileSync(
    conf,
    `[supervisord]\nlogfile=${log}\npidfile=${dir}/sd.pid\nloglevel=${level}\nchildlogdir=${dir}\n` +
      `[program:talk]\ncommand=${TALK}\nstartsecs=0\nautorestart=false\n` +
      // Its one event is talk's exit, long after it said READY.
      `[eventlistener:lis]\ncommand=${LISTENER}\nevents=PROCESS_STATE_EXITED\nstartsecs=0\n`,
  );
  const sv = runForeground(t, kind, conf, log);
  await waitForLog(sv, /exited: talk/);
  if (level === 'debug') await waitForLog(sv, /lis: ACKNOWLEDGED -> READY[^]*lis: ACKNOWLEDGED -> READY/);
  assert.equal(await sv.stop(), 0);
  return logRecords(sv.log());
}

test('loglevel=debug: child output, SIGCHLD and listener states as Debian supervisord logs them', async (t) => {
  if (!requireDebianSupervisor(t)) return;
  const [theirs, ours] = await Promise.all([records(t, 'debian', 'debug'), records(t, 'modulus', 'debug')]);
  // The records this feature is about, in the order each supervisor wrote them.
  const relevant = (all: string[]): string[] =>
    all.filter((r) => /output:\n|-> |event was processed|SIGCHLD indicating a child quit/.test(r));
  const expected = [
    "DEBG 'talk' stdout output:\nhello\nworld\n",
    "DEBG 'talk' stderr output:\nUndecodable: b'\\x88\\n'",
    'DEBG received SIGCHLD indicating a child quit',
  ];
  for (const r of expected)
    assert.ok(ours.includes(r), `ours logs ${JSON.stringify(r)}:\n${ours.join('\n')}`);
  const listener = (all: string[]): string[] => relevant(all).filter((r) => r.includes('lis'));
  assert.deepEqual(listener(ours), [
    "DEBG 'lis' stdout output:\nb'READY\\n'",
    'DEBG lis: ACKNOWLEDGED -> READY',
    "DEBG 'lis' stdout output:\nb'RESULT 2\\nOKREADY\\n'",
    'DEBG lis: event was processed',
    'DEBG lis: BUSY -> ACKNOWLEDGED',
    'DEBG lis: ACKNOWLEDGED -> READY',
  ]);
  assert.deepEqual(listener(ours), listener(theirs));
  const talk = (all: string[]): string[] => relevant(all).filter((r) => r.includes("'talk'"));
  assert.deepEqual(talk(ours), talk(theirs));
  assert.ok(theirs.includes('DEBG received SIGCHLD indicating a child quit'));
});

test('below debug no child output reaches the main log (ours and Debian alike)', async (t) => {
  if (!requireDebianSupervisor(t)) return;
  const [theirs, ours] = await Promise.all([records(t, 'debian', 'info'), records(t, 'modulus', 'info')]);
  for (const all of [theirs, ours]) {
    assert.equal(all.filter((r) => /output:|DEBG|SIGCHLD/.test(r)).length, 0, all.join('\n'));
  }
});
