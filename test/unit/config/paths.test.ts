// Path values: ~ expansion, absolute resolution, and the existing-directory checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { absolutePath, existingDirectory, expandHome, pathInExistingDir } from '../../../src/config/paths.js';

const ctx = {
  cwd: '/work',
  home: '/home/mop',
  dirExists: (d: string) => ['/work', '/var/log', '/home/mop'].includes(d),
};

test('paths', () => {
  const rows: [string, string][] = [
    ['~', '/home/mop'],
    ['~/x', '/home/mop/x'],
    ['~mop/x', '~mop/x'],
    ['a~', 'a~'],
  ];
  for (const [input, expected] of rows) assert.equal(expandHome(input, '/home/mop'), expected);
  assert.equal(absolutePath('log/../a.log', ctx), '/work/a.log');
  assert.equal(absolutePath('/var//log/', ctx), '/var/log');
  assert.equal(pathInExistingDir('/var/log/a.log', ctx), '/var/log/a.log');
  assert.equal(pathInExistingDir('a.log', ctx), '/work/a.log');
  assert.throws(() => pathInExistingDir('/nope/a.log', ctx), /does not exist/);
  assert.equal(existingDirectory('~', ctx), '/home/mop');
  assert.throws(() => existingDirectory('/nope', ctx), /not an existing directory/);
  assert.equal(existingDirectory('/nope', { cwd: '/', home: '/' }), '/nope');
});
