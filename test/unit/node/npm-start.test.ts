import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binDirs, isSimpleCommand, npmStartCommand } from '../../../src/node/npm-start.js';

const ROWS: [string, boolean][] = [
  ['node server.js', true],
  ['node --max-old-space-size=256 dist/index.js --port $PORT', true],
  ["node -e 'console.log(1)'", false], // parentheses
  ['npm run build && node server.js', false],
  ['node a.js; node b.js', false],
  ['node a.js | tee log', false],
  ['NODE_ENV=production node server.js', false],
  ['node server.js > out.log', false],
  ['`which node` x.js', false],
];

test('which start scripts can be exec’d directly', () => {
  for (const [script, simple] of ROWS) assert.equal(isSimpleCommand(script), simple, script);
});

test('binDirs walks up to the root, nearest first', () => {
  assert.deepEqual(binDirs('/mnt/app'), [
    '/mnt/app/node_modules/.bin',
    '/mnt/node_modules/.bin',
    '/node_modules/.bin',
  ]);
});

test('the command execs a simple script and marks a compound one for signal forwarding', () => {
  const simple = npmStartCommand(
    { name: 'a', version: '1.0.0', scripts: {} },
    'node s.js',
    undefined,
    '/app',
    '/n',
    '/usr/bin',
  );
  assert.deepEqual(simple.argv, ['/bin/sh', '-c', 'exec node s.js']);
  assert.equal(simple.forwardSignals, false);
  assert.equal(simple.env.PATH, '/app/node_modules/.bin:/node_modules/.bin:/n/bin:/usr/bin');
  assert.equal(simple.env.npm_package_name, 'a');
  assert.equal(simple.env.npm_lifecycle_event, 'start');
  const compound = npmStartCommand({ scripts: {} }, 'a && b', 'echo pre', '/app', '/n', '/usr/bin');
  assert.equal(compound.forwardSignals, true);
  assert.equal(compound.argv.at(-1), 'trap : HUP INT QUIT TERM USR1 USR2 ALRM WINCH\na && b');
  assert.equal(compound.argv.at(-2), 'echo pre');
});
