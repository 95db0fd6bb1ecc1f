import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changeLine, notRunningLines, runningLines, type RunFacts } from '../../../src/host/run-banner.js';

const FACTS: RunFacts = {
  name: 'web',
  port: 8080,
  appLog: '/v/log/app.log',
  notifications: '/v/notifications',
  warning: 'warning: the app is not isolated',
  rerun: 'modulus run ./web',
};
const running = { state: 'RUNNING', description: 'pid 7, uptime 0:00:01', pid: 7 };

test('once RUNNING: the URL, the log, the notifications, how to control it, the dashboard, and the warning last', () => {
  const lines = runningLines(FACTS, running);
  assert.match(lines[0]!, /app "web" is RUNNING \(pid 7/);
  const text = lines.join('\n');
  for (const part of [
    'http://127.0.0.1:8080',
    '/v/log/app.log',
    '/v/notifications',
    'modulus ctl status',
    'modulus dashboard',
    'Ctrl-C',
  ])
    assert.ok(text.includes(part), part);
  assert.equal(lines.at(-1), FACTS.warning);
  assert.match(runningLines({ ...FACTS, container: 'modulus-web' }, running)[0]!, /in container modulus-web/);
});

test('FATAL or no answer: the reason, where the output is, and what to do', () => {
  const fatal = notRunningLines(FACTS, {
    kind: 'state',
    state: { state: 'FATAL', description: 'Exited too quickly (process log may have details)', pid: 0 },
  });
  assert.match(fatal[0]!, /did not start: FATAL \(Exited too quickly/);
  assert.match(
    fatal.join('\n'),
    /runs from a copy in the volume: fix it, then Ctrl-C and `modulus run \.\/web` again/,
  );
  assert.doesNotMatch(fatal.join('\n'), /ctl start app/, 'that would run the old copy again');
  const slow = notRunningLines(FACTS, { kind: 'timeout', last: undefined });
  assert.match(slow[0]!, /not RUNNING yet: no answer/);
});

test('later changes: a restart names both pids; passing states say nothing', () => {
  assert.equal(changeLine({ ...running, pid: 8 }, 7), 'app restarted: pid 7 → 8');
  assert.equal(changeLine(running, 7), 'app is RUNNING (pid 7, uptime 0:00:01)');
  assert.equal(changeLine({ state: 'STARTING', description: '', pid: 0 }, 7), undefined);
  assert.equal(
    changeLine({ state: 'BACKOFF', description: 'Exited too quickly', pid: 0 }, 7),
    'app is BACKOFF (Exited too quickly)',
  );
});
