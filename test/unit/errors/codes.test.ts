import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ERROR_CODES } from '../../../src/errors/codes.js';

test('every code has an exit status in the valid range', () => {
  for (const [code, spec] of Object.entries(ERROR_CODES)) {
    assert.ok(Number.isInteger(spec.exit) && spec.exit > 0 && spec.exit < 126, `${code}: ${spec.exit}`);
  }
});
