// Notification files counted by type from their names; the supervisor's own facts without a session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiContext } from '../../../src/rpc/api/context.js';
import { notificationName } from '../../../src/notify/writer.js';
import { countNotifications, gatherMetricsFacts } from '../../../src/web/metrics-facts.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('files are counted by the type in their names; other files and a missing directory count nothing', (t) => {
  const dir = tempDir(t);
  const types = ['crash', 'crash', 'oom', 'log-loss', 'spawn-error'];
  types.forEach((type, i) => writeFileSync(join(dir, notificationName(1_800_000_000_000, i, 1, type)), '{}'));
  writeFileSync(join(dir, 'x.crash.json'), '{}');
  assert.deepEqual(Object.fromEntries(countNotifications(dir)), {
    crash: 2,
    oom: 1,
    'log-loss': 1,
    'spawn-error': 1,
  });
  assert.equal(countNotifications(join(dir, 'nope')).size, 0);
});

test('between sessions there are no processes, and the supervisor reports itself', () => {
  const ctx = { session: () => null } as unknown as ApiContext;
  const facts = gatherMetricsFacts(ctx, null);
  assert.deepEqual(facts.processes, []);
  assert.equal(facts.supervisor.stateCode, 0);
  assert.ok(facts.supervisor.residentBytes > 0 && facts.supervisor.openFds! > 0);
  assert.equal(facts.notifications, null);
});
