import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify, isSpawnError, type ClassifyFacts } from '../../../src/notify/classify.js';

const BASE: ClassifyFacts = {
  state: 'EXITED',
  expected: false,
  signal: null,
  exitedWithCode: true,
  spawnerr: null,
  oomKills: 0,
};

test('each state change and its facts give one type or none', () => {
  const rows: [Partial<ClassifyFacts>, string | null][] = [
    [{}, 'crash'],
    [{ expected: true }, null],
    [{ expected: null }, 'crash'],
    [{ signal: 'SIGSEGV', exitedWithCode: false }, 'crash'],
    [{ signal: 'SIGKILL', exitedWithCode: false }, 'crash'],
    [{ signal: 'SIGKILL', exitedWithCode: false, oomKills: 1 }, 'oom'],
    [{ signal: null, exitedWithCode: false, oomKills: 1 }, 'oom'],
    [{ signal: 'SIGTERM', exitedWithCode: false, oomKills: 1 }, 'crash'],
    [{ exitedWithCode: true, oomKills: 2 }, 'crash'],
    [{ signal: 'SIGKILL', exitedWithCode: false, oomKills: null }, 'crash'],
    [{ state: 'FATAL', expected: null }, 'fatal'],
    [{ state: 'BACKOFF', spawnerr: "can't find command '/x'" }, 'spawn-error'],
    [{ state: 'BACKOFF', spawnerr: "command at '/x' is not executable" }, 'spawn-error'],
    [{ state: 'BACKOFF', spawnerr: 'Exited too quickly (process log may have details)' }, null],
    [{ state: 'BACKOFF', signal: 'SIGKILL', exitedWithCode: false, oomKills: 1 }, 'oom'],
    [{ state: 'STOPPED', signal: 'SIGKILL', exitedWithCode: false, oomKills: 1 }, null],
    [{ state: 'RUNNING' }, null],
  ];
  for (const [facts, expected] of rows)
    assert.equal(classify({ ...BASE, ...facts }), expected, JSON.stringify(facts));
});

test('spawn errors are recognised in both spellings', () => {
  const rows: [string | null, boolean][] = [
    ["can't find command 'x'", true],
    ["can't_find_command_'x'", true],
    ["couldn't exec /x: EACCES", true],
    ['Exited too quickly (process log may have details)', false],
    ['', false],
    [null, false],
  ];
  for (const [text, expected] of rows) assert.equal(isSpawnError(text), expected, String(text));
});
