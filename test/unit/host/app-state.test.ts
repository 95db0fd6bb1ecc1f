import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatusLine, waitUntilSettled, watchState, type AppState } from '../../../src/host/app-state.js';

test('supervisorctl status lines', () => {
  assert.deepEqual(parseStatusLine('app                              RUNNING   pid 12, uptime 0:00:03'), {
    state: 'RUNNING',
    description: 'pid 12, uptime 0:00:03',
    pid: 12,
  });
  assert.deepEqual(parseStatusLine('app  FATAL     Exited too quickly (process log may have details)'), {
    state: 'FATAL',
    description: 'Exited too quickly (process log may have details)',
    pid: 0,
  });
  assert.deepEqual(parseStatusLine('app STARTING'), { state: 'STARTING', description: '', pid: 0 });
  assert.equal(parseStatusLine('unix:///x refused connection'), undefined);
});

const state = (s: string, pid = 0): AppState => ({ state: s, description: '', pid });

function scripted(answers: Array<AppState | Error>): () => Promise<AppState> {
  let i = 0;
  return async () => {
    const a = answers[Math.min(i++, answers.length - 1)]!;
    if (a instanceof Error) throw a;
    return a;
  };
}

test('waits through errors and passing states until RUNNING or FATAL', async () => {
  const signal = new AbortController().signal;
  const probe = scripted([
    new Error('no socket yet'),
    state('STARTING'),
    state('BACKOFF'),
    state('RUNNING', 5),
  ]);
  assert.deepEqual(await waitUntilSettled(probe, { timeoutMs: 5000, intervalMs: 1, signal }), {
    kind: 'state',
    state: state('RUNNING', 5),
  });
  const fatal = scripted([state('STARTING'), state('FATAL')]);
  assert.equal((await waitUntilSettled(fatal, { timeoutMs: 5000, intervalMs: 1, signal })).kind, 'state');
});

test('a deadline gives up with the last state seen', async () => {
  const signal = new AbortController().signal;
  const result = await waitUntilSettled(scripted([state('STARTING')]), {
    timeoutMs: 30,
    intervalMs: 5,
    signal,
  });
  assert.deepEqual(result, { kind: 'timeout', last: state('STARTING') });
});

test('watchState reports each change of state or pid once, until aborted', async () => {
  const controller = new AbortController();
  const seen: string[] = [];
  const probe = scripted([
    state('RUNNING', 1),
    state('EXITED'),
    state('EXITED'),
    state('RUNNING', 2),
    state('RUNNING', 2),
  ]);
  let calls = 0;
  await watchState(
    async () => {
      if (++calls === 6) controller.abort();
      return probe();
    },
    state('RUNNING', 1),
    (s) => seen.push(`${s.state}:${s.pid}`),
    { intervalMs: 1, signal: controller.signal },
  );
  assert.deepEqual(seen, ['EXITED:0', 'RUNNING:2']);
});
