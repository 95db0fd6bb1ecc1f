import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseRecord, recordJson } from '../../../src/notify/record.js';
import { sampleRecord } from './sample-record.js';

const SCHEMA = fileURLToPath(new URL('../../../../schema/notification.schema.json', import.meta.url));

function validator(): (value: unknown) => string | null {
  // ajv 6 comes with eslint; it reads draft-07, which the schema is written in.
  const Ajv = createRequire(import.meta.url)('ajv') as new (o: object) => {
    compile(s: unknown): ((v: unknown) => boolean) & { errors?: unknown };
  };
  const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
  return (value) => (validate(value) ? null : JSON.stringify(validate.errors));
}

test('records of every type satisfy the JSON Schema', () => {
  const check = validator();
  const rows = [
    sampleRecord(),
    sampleRecord({
      type: 'oom',
      exit: { code: null, signal: 'SIGKILL' },
      coalesced: { count: 3, first: '2026-11-29T10:00:00.000Z', last: '2026-11-29T10:00:04.000Z' },
    }),
    sampleRecord({
      type: 'fatal',
      pid: null,
      memory: null,
      spawnError: "can't find command 'x'",
      unknown: ['exit'],
    }),
    sampleRecord({
      type: 'log-loss',
      program: null,
      group: null,
      logLoss: {
        path: '/mnt/log/app.log',
        bytes: 1,
        since: '2026-11-29T10:00:00.000Z',
        until: '2026-11-29T10:00:00.000Z',
        error: 'ENOSPC',
        message: 'x',
      },
    }),
  ];
  for (const r of rows) assert.equal(check(JSON.parse(recordJson(r))), null, r.type);
  assert.notEqual(check({ ...sampleRecord(), type: 'boom' }), null);
  assert.notEqual(check({ ...sampleRecord(), extra: 1 }), null);
});

test('parseRecord reads a record back and refuses other JSON', () => {
  assert.deepEqual(parseRecord(recordJson(sampleRecord())), sampleRecord());
  for (const bad of [
    '',
    '{',
    '[]',
    '{"version":2,"type":"crash","time":"x"}',
    '{"version":1,"type":"nope","time":"x"}',
  ]) {
    assert.equal(parseRecord(bad), null, bad);
  }
});
