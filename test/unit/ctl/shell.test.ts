import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completions } from '../../../src/ctl/shell.js';
import type { ProcessInfo } from '../../../src/ctl/format.js';

const commands = ['add', 'avail', 'help', 'start', 'status', 'stop', 'tail'];
const p = (group: string, name: string): ProcessInfo => ({
  group,
  name,
  state: 20,
  statename: 'RUNNING',
  description: '',
  pid: 1,
});
const infos = () => [p('web', 'web'), p('pool', 'pool_0'), p('pool', 'pool_1')];

test('completion offers commands, groups and processes as supervisorctl does', () => {
  const rows: [string, string[]][] = [
    ['', commands.map((c) => `${c} `)],
    ['st', ['start ', 'status ', 'stop ']],
    ['help s', ['start ', 'status ', 'stop ']],
    ['start ', ['web ', 'pool:pool_0 ', 'pool:* ', 'pool:pool_1 ']],
    ['start w', ['web ']],
    ['start pool:', ['pool:pool_0 ', 'pool:* ', 'pool:pool_1 ']],
    ['add ', ['web ', 'pool ']],
    ['avail ', []],
  ];
  for (const [line, expected] of rows)
    assert.deepEqual(completions(line, commands, infos), expected, JSON.stringify(line));
});
