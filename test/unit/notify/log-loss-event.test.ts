import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logLossEventData, parseLogLossEventData } from '../../../src/notify/log-loss-event.js';

const LOSS = {
  path: '/mnt/log/app.log',
  bytes: 4096,
  since: new Date('2026-11-29T10:00:00.000Z'),
  until: new Date('2026-11-29T10:00:05.000Z'),
  error: 'ENOSPC',
  message: 'no space left on device',
};

test('what the supervisor publishes reads back the same, on one line', () => {
  const data = logLossEventData(LOSS, { name: 'web', group: 'web' });
  assert.ok(!data.includes('\n'));
  assert.deepEqual(parseLogLossEventData(data), {
    program: 'web',
    group: 'web',
    path: LOSS.path,
    bytes: 4096,
    since: '2026-11-29T10:00:00.000Z',
    until: '2026-11-29T10:00:05.000Z',
    error: 'ENOSPC',
    message: 'no space left on device',
  });
  assert.equal(parseLogLossEventData(logLossEventData(LOSS, null))?.program, null);
});

test('malformed data is refused (anyone with the API can send remote events)', () => {
  const rows = [
    '',
    'null',
    '[]',
    '{"path":"x"}',
    JSON.stringify({ ...JSON.parse(logLossEventData(LOSS, null)), bytes: -1 }),
  ];
  for (const row of rows) assert.equal(parseLogLossEventData(row), null, row);
});
