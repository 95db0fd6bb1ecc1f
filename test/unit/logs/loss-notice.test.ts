import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeWriteError, lossNotice } from '../../../src/logs/loss-notice.js';

test('describeWriteError takes the code and the kernel description from a Node system error', () => {
  const err = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  assert.deepEqual(describeWriteError(err), { code: 'ENOSPC', message: 'no space left on device' });
});

test('describeWriteError falls back to EIO and the whole message', () => {
  assert.deepEqual(describeWriteError(new Error('odd')), { code: 'EIO', message: 'odd' });
});

test('lossNotice is one line naming bytes, times and the error', () => {
  const line = lossNotice({
    path: '/mnt/log/app.log',
    bytes: 123456,
    since: new Date('2026-11-29T13:20:18.123Z'),
    until: new Date('2026-11-29T13:21:00.000Z'),
    error: 'ENOSPC',
    message: 'no space left on device',
  });
  assert.equal(
    line,
    '[modulus] lost 123456 bytes of output between 2026-11-29T13:20:18.123Z and 2026-11-29T13:21:00.000Z: ' +
      'ENOSPC (no space left on device)\n',
  );
});
