import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitCtlArgs } from '../../../src/cli/ctl.js';

// Against a real run: test/integration/host/run.test.ts.
test('only a leading --name is ours; the rest goes to supervisorctl as it is', () => {
  assert.deepEqual(splitCtlArgs(['status']), { name: undefined, rest: ['status'] });
  assert.deepEqual(splitCtlArgs(['--name', 'web', 'restart', 'app']), {
    name: 'web',
    rest: ['restart', 'app'],
  });
  assert.deepEqual(splitCtlArgs(['--name=web', 'tail', '-f', 'app']), {
    name: 'web',
    rest: ['tail', '-f', 'app'],
  });
  assert.deepEqual(splitCtlArgs(['-s', 'x', '--name', 'y']), {
    name: undefined,
    rest: ['-s', 'x', '--name', 'y'],
  });
  assert.deepEqual(splitCtlArgs([]), { name: undefined, rest: [] });
  assert.throws(() => splitCtlArgs(['--name']), { code: 'USAGE' });
});
