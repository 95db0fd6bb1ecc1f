// Request paths of /logtail and /mainlogtail, as supervisord's handlers split them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLogTailPath } from '../../../src/rpc/logtail-path.js';

const rows: [string, unknown][] = [
  ['/logtail/web', { kind: 'process', namespec: 'web', group: 'web', name: 'web', channel: 'stdout' }],
  ['/logtail/web/stderr', { kind: 'process', namespec: 'web', group: 'web', name: 'web', channel: 'stderr' }],
  [
    '/logtail/g:w_1/stdout',
    { kind: 'process', namespec: 'g:w_1', group: 'g', name: 'w_1', channel: 'stdout' },
  ],
  ['//logtail/g%3Aw', { kind: 'process', namespec: 'g:w', group: 'g', name: 'w', channel: 'stdout' }],
  ['/logtail/web?x=1', { kind: 'process', namespec: 'web', group: 'web', name: 'web', channel: 'stdout' }],
  ['/mainlogtail', { kind: 'main' }],
  ['/logtail', null],
  ['/logtail/', null],
  ['/logtail/g:*', null],
  ['/logtail/web/bogus', null],
  ['/logtailx/web', null],
  ['/logtail/%E0', null],
];

test('parseLogTailPath', () => {
  for (const [path, expected] of rows) assert.deepEqual(parseLogTailPath(path), expected, path);
});
