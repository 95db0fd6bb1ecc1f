import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseEntry } from '../../../src/node/entry.js';
import type { Manifest } from '../../../src/node/package-json.js';

const m = (fields: Partial<Manifest>): Manifest => ({ scripts: {}, ...fields });

// [manifest, files present, expected entry, warnings count]
const ROWS: [Manifest | undefined, string[], object, number][] = [
  [m({ scripts: { start: 'node s.js' } }), ['index.js'], { kind: 'npm-start', script: 'node s.js' }, 0],
  [
    m({ scripts: { start: 'node s.js', prestart: 'echo hi' } }),
    [],
    { kind: 'npm-start', script: 'node s.js', prestart: 'echo hi' },
    0,
  ],
  [
    m({ scripts: { start: '  ' }, main: 'lib/app.js' }),
    ['lib/app.js'],
    { kind: 'file', file: 'lib/app.js', why: 'main' },
    0,
  ],
  [m({ main: 'lib/app' }), ['lib/app.js'], { kind: 'file', file: 'lib/app.js', why: 'main' }, 0],
  [m({ main: 'lib' }), ['lib/index.js'], { kind: 'file', file: 'lib/index.js', why: 'main' }, 0],
  [m({ main: 'gone.js' }), ['server.js'], { kind: 'file', file: 'server.js', why: 'default' }, 1],
  [m({}), ['main.js', 'app.js'], { kind: 'file', file: 'app.js', why: 'default' }, 0],
  [m({}), ['index.js', 'app.js'], { kind: 'file', file: 'index.js', why: 'default' }, 0],
  [undefined, ['server.js', 'main.js'], { kind: 'file', file: 'server.js', why: 'default' }, 0],
  [undefined, ['main.js'], { kind: 'file', file: 'main.js', why: 'default' }, 0],
];

test('entry rows', () => {
  for (const [manifest, files, expected, warnings] of ROWS) {
    const choice = chooseEntry(manifest, (f) => files.includes(f), '/app');
    assert.deepEqual(choice.entry, expected);
    assert.equal(choice.warnings.length, warnings);
  }
});

test('nothing to start fails with NODE_NO_ENTRY listing what was looked for', () => {
  assert.throws(
    () => chooseEntry(m({ main: 'x.js' }), () => false, '/app'),
    (err: { code?: string; message: string }) =>
      err.code === 'NODE_NO_ENTRY' &&
      /main \(x\.js\), index\.js, app\.js, server\.js, main\.js/.test(err.message),
  );
});
