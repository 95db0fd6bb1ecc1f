import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  changesLines,
  columnize,
  configInfoLine,
  namespec,
  resultLine,
  splitNamespec,
  statusLines,
  type ProcessInfo,
} from '../../../src/ctl/format.js';

const info = (group: string, name: string, statename: string, description: string): ProcessInfo => ({
  group,
  name,
  statename,
  description,
  state: 0,
  pid: 0,
});

test('status pads names to at least 33 and states to 10 columns, widening for long names', () => {
  assert.deepEqual(statusLines([info('web', 'web', 'RUNNING', 'pid 12, uptime 0:00:01')]), [
    'web                              RUNNING   pid 12, uptime 0:00:01',
  ]);
  const long = 'g'.repeat(20) + ':' + 'p'.repeat(20);
  const lines = statusLines([
    info('g'.repeat(20), 'p'.repeat(20), 'STOPPED', 'Not started'),
    info('a', 'a', 'FATAL', ''),
  ]);
  assert.equal(lines[0], `${long}   STOPPED   Not started`);
  assert.equal(lines[1], `${'a'.padEnd(44)}FATAL     `);
});

test('namespecs', () => {
  const rows: [string, { group: string; process: string | null }][] = [
    ['web', { group: 'web', process: 'web' }],
    ['pool:pool_0', { group: 'pool', process: 'pool_0' }],
    ['pool:*', { group: 'pool', process: null }],
    ['pool:', { group: 'pool', process: null }],
  ];
  for (const [input, expected] of rows) assert.deepEqual(splitNamespec(input), expected, input);
  assert.equal(namespec('web', 'web'), 'web');
  assert.equal(namespec('pool', 'pool_0'), 'pool:pool_0');
});

test('result lines for start, stop/signal and clear', () => {
  const r = (status: number, description = '') => ({ group: 'g', name: 'p', status, description });
  const rows: [Parameters<typeof resultLine>, string][] = [
    [['start', r(80), 'started'], 'g:p: started'],
    [['start', r(10), 'started'], 'g:p: ERROR (no such process)'],
    [['start', r(20), 'started'], 'g:p: ERROR (no such file)'],
    [['start', r(21), 'started'], 'g:p: ERROR (file is not executable)'],
    [['start', r(60), 'started'], 'g:p: ERROR (already started)'],
    [['start', r(50), 'started'], 'g:p: ERROR (spawn error)'],
    [['start', r(40), 'started'], 'g:p: ERROR (abnormal termination)'],
    [['signal', r(80), 'stopped'], 'g:p: stopped'],
    [['signal', r(11), 'signalled'], 'g:p: ERROR (bad signal name)'],
    [['signal', r(70), 'stopped'], 'g:p: ERROR (not running)'],
    [['signal', r(30, 'FAILED: it would not die'), 'stopped'], 'FAILED: it would not die'],
    [['clear', r(80), 'cleared'], 'g:p: cleared'],
    [['clear', r(30), 'cleared'], 'g:p: ERROR (failed)'],
  ];
  for (const [args, expected] of rows) assert.equal(resultLine(...args), expected);
  assert.throws(() => resultLine('start', r(30), 'started'), /Unknown result code 30 for g:p/);
});

test('reread changes are sorted by name; none gives one line', () => {
  assert.deepEqual(changesLines([['new'], ['b'], ['a']]), ['a: disappeared', 'b: changed', 'new: available']);
  assert.deepEqual(changesLines([[], [], []]), ['No config updates to processes']);
});

test('avail rows', () => {
  assert.equal(
    configInfoLine({
      group: 'pool',
      name: 'pool_0',
      inuse: true,
      autostart: false,
      group_prio: 999,
      process_prio: 5,
    }),
    `${'pool:pool_0'.padEnd(32)} in use    manual    999:5`,
  );
});

test('columnize lays help topics out in the fewest rows that fit 79 columns', () => {
  const words =
    'add avail clear exit fg maintail open pid quit reload remove reread restart shutdown signal start status stop tail update version'.split(
      ' ',
    );
  assert.deepEqual(columnize(words), [
    'add    exit      open  reload  restart   start   tail   ',
    'avail  fg        pid   remove  shutdown  status  update ',
    'clear  maintail  quit  reread  signal    stop    version',
  ]);
  assert.deepEqual(columnize(['one']), ['one']);
  assert.deepEqual(columnize(['a'.repeat(50), 'b'.repeat(50)]), ['a'.repeat(50), 'b'.repeat(50)]);
  assert.deepEqual(columnize([]), ['<empty>']);
});
