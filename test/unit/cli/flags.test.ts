import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags, type FlagSpec } from '../../../src/cli/flags.js';

const SPECS: FlagSpec[] = [
  { short: 'c', long: 'configuration', value: true },
  { short: 'n', long: 'nodaemon' },
  { short: 'k', long: 'nocleanup' },
];

const CASES: Array<[string[], Record<string, string[]>, string[]]> = [
  [['-c', 'a.conf'], { configuration: ['a.conf'] }, []],
  [['-ca.conf'], { configuration: ['a.conf'] }, []],
  [['--configuration=a.conf'], { configuration: ['a.conf'] }, []],
  [['--configuration', 'a.conf'], { configuration: ['a.conf'] }, []],
  [['-nk'], { nodaemon: ['true'], nocleanup: ['true'] }, []],
  [['-nkc', 'x'], { nodaemon: ['true'], nocleanup: ['true'], configuration: ['x'] }, []],
  [['-n', '--', '-c'], { nodaemon: ['true'] }, ['-c']],
];

for (const [argv, values, positional] of CASES) {
  test(`parses ${argv.join(' ')}`, () => {
    const flags = parseFlags(argv, SPECS, 'test');
    assert.deepEqual(Object.fromEntries(flags.values), values);
    assert.deepEqual(flags.positional, positional);
  });
}

test('stopAtPositional keeps options after the command for the command', () => {
  const flags = parseFlags(['-c', 'x', 'status', '-n'], SPECS, 'ctl', true);
  assert.deepEqual(flags.positional, ['status', '-n']);
});

test('unknown options and missing values are usage errors', () => {
  assert.throws(() => parseFlags(['--nope'], SPECS, 'test'), { code: 'USAGE' });
  assert.throws(() => parseFlags(['-x'], SPECS, 'test'), { code: 'USAGE' });
  assert.throws(() => parseFlags(['-c'], SPECS, 'test'), { code: 'USAGE' });
});

test('a repeated value flag keeps every value in order; get() gives the last', () => {
  const specs: FlagSpec[] = [...SPECS, { short: 'e', long: 'env', value: true }];
  const flags = parseFlags(['-e', 'A=1', '--env=B=2', '--env', 'C=x=y', '-eD=4'], specs, 'test');
  assert.deepEqual(flags.all('env'), ['A=1', 'B=2', 'C=x=y', 'D=4']);
  assert.equal(flags.get('env'), 'D=4');
  assert.deepEqual(flags.all('configuration'), []);
});
