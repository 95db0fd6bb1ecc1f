// Event listeners under our supervisor: a listener built on Debian's supervisor.childutils
// receives the events it subscribed to; one that speaks garbage is handled as supervisord does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRAMS, startSupervisord } from '../../helpers/supervisord.js';
import { waitFor } from '../../helpers/wait-for.js';
import { requireDebianSupervisor } from '../../helpers/require-tool.js';
import type { TestContext } from 'node:test';

const prog = (name: string): string => join(PROGRAMS, name);

function requirePythonSupervisor(t: TestContext): boolean {
  return requireDebianSupervisor(t);
}

function lines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

test('a childutils listener receives PROCESS_STATE events with our extra tokens', async (t) => {
  if (!requirePythonSupervisor(t)) return;
  const sd = await startSupervisord(
    t,
    `[eventlistener:watch]\ncommand=${prog('listener-childutils')} %(here)s/events.txt\nevents=PROCESS_STATE,PROCESS_GROUP\n` +
      `[program:crasher]\ncommand=${prog('exit-with')} 3\nstartsecs=0\nautorestart=false\nstdout_logfile=NONE\n`,
  );
  const file = join(sd.dir, 'events.txt');
  const exited = await waitFor('the EXITED event for crasher', () =>
    lines(file).find((l) => l.startsWith('PROCESS_STATE_EXITED processname:crasher')),
  );
  assert.match(
    exited,
    /^PROCESS_STATE_EXITED processname:crasher groupname:crasher from_state:RUNNING expected:0 pid:\d+ restarts:0 exitcode:3 uptime:\d+\.\d{3}$/,
  );
  const names = lines(file).map((l) => l.split(' ')[0]);
  assert.ok(names.includes('PROCESS_GROUP_ADDED'));
  assert.ok(names.includes('PROCESS_STATE_STARTING'));
  assert.ok(names.includes('PROCESS_STATE_RUNNING'));
  assert.equal(await sd.stop(), 0);
});

test('PROCESS_LOG events when stdout_events_enabled, and PROCESS_COMMUNICATION in capture mode', async (t) => {
  if (!requirePythonSupervisor(t)) return;
  const sd = await startSupervisord(
    t,
    `[eventlistener:watch]\ncommand=${prog('listener-childutils')} %(here)s/events.txt\nevents=PROCESS_LOG,PROCESS_COMMUNICATION\n` +
      `[program:talker]\ncommand=/bin/sh -c 'sleep 0.5; echo plain; echo "<!--XSUPERVISOR:BEGIN-->secret<!--XSUPERVISOR:END-->"; sleep 30'\n` +
      `startsecs=0\nstdout_events_enabled=true\nstdout_capture_maxbytes=1KB\nstdout_logfile=%(here)s/talker.log\n`,
  );
  const file = join(sd.dir, 'events.txt');
  await waitFor('the communication event', () =>
    lines(file).find((l) => l.startsWith('PROCESS_COMMUNICATION_STDOUT')),
  );
  const all = lines(file);
  assert.ok(
    all.some((l) =>
      /^PROCESS_LOG_STDOUT processname:talker groupname:talker pid:\d+ channel:stdout \| plain/.test(l),
    ),
  );
  assert.ok(
    all.some((l) =>
      /^PROCESS_COMMUNICATION_STDOUT processname:talker groupname:talker pid:\d+ \| secret$/.test(l),
    ),
  );
  await waitFor('plain in the log', () => readFileSync(join(sd.dir, 'talker.log'), 'utf8').includes('plain'));
  assert.doesNotMatch(readFileSync(join(sd.dir, 'talker.log'), 'utf8'), /secret|XSUPERVISOR/);
  assert.equal(await sd.stop(), 0);
});

test('PROCESS_LOG events queued for a listener not yet READY keep their own bytes as later output arrives', async (t) => {
  // The supervisor reads every pipe into one reused buffer; an event waiting in the pool's buffer
  // must hold a copy, or the next read overwrites it.
  if (!requirePythonSupervisor(t)) return;
  const sd = await startSupervisord(
    t,
    // The listener is READY only after both bursts were read, so both events wait in the pool.
    `[eventlistener:watch]\ncommand=/bin/sh -c 'sleep 1.5; exec ${prog('listener-childutils')} %(here)s/events.txt'\n` +
      `events=PROCESS_LOG\nbuffer_size=10000\n` +
      `[program:talker]\ncommand=/bin/sh -c 'for i in $(seq 1 150); do echo line-$i; done; sleep 0.3; ` +
      `for i in $(seq 151 300); do echo line-$i; done; sleep 30'\n` +
      `startsecs=0\nstdout_events_enabled=true\nstdout_logfile=%(here)s/talker.log\n`,
  );
  const file = join(sd.dir, 'events.txt');
  // Each event is one line ending in its data, newlines shown as " | " (kept whole: no trimming).
  const events = (): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []);
  const data = (): string =>
    events()
      .filter((l) => l.startsWith('PROCESS_LOG_STDOUT processname:talker '))
      .map((l) =>
        l.slice(l.indexOf('channel:stdout | ') + 'channel:stdout | '.length).replaceAll(' | ', '\n'),
      )
      .join('');
  await waitFor('all 300 lines as events', () => data().includes('line-300\n') || undefined, {
    timeoutMs: 20_000,
  });
  const expected = Array.from({ length: 300 }, (_, i) => `line-${i + 1}\n`).join('');
  assert.equal(data(), expected, 'the events carry every line once, in order');
  assert.ok(events().filter(Boolean).length > 1, 'the output came as several events');
  assert.equal(await sd.stop(), 0);
});

test('a listener that answers garbage is marked as broken and logged; the supervisor carries on', async (t) => {
  const sd = await startSupervisord(
    t,
    `[eventlistener:bad]\ncommand=${prog('listener-garbage')}\nevents=PROCESS_STATE\n` +
      `[program:p]\ncommand=${prog('sleep-forever')}\nstartsecs=0\nstdout_logfile=NONE\n`,
  );
  await sd.waitForLine(/WARN bad: has entered the UNKNOWN state and will no longer receive events/);
  await sd.waitForLine(/success: p entered RUNNING/);
  assert.equal(await sd.stop(), 0);
});

test('when the buffer overflows, dropped events are counted and logged', async (t) => {
  const sd = await startSupervisord(
    t,
    // The listener never says READY, so every event stays buffered; buffer_size=2 overflows at once.
    `[eventlistener:slow]\ncommand=/bin/sh -c 'sleep 60'\nevents=PROCESS_STATE\nbuffer_size=2\n` +
      `[program:churn]\ncommand=${prog('exit-with')} 0\nstartsecs=0\nautorestart=true\nstdout_logfile=NONE\n`,
  );
  const [, total] = await sd.waitForLine(
    /pool slow event buffer overflowed: discarded event \d+ \((\d+) dropped in all\)/,
  );
  assert.ok(Number(total) >= 1);
  await waitFor('more drops counted', () => /\(([3-9]|\d\d+) dropped in all\)/.test(sd.output()));
});
