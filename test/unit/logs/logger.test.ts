import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { formatAsctime, isLogLevel, Logger, LOG_LEVELS } from '../../../src/logs/logger.js';

const clock = (): Date => new Date(2026, 10, 29, 13, 20, 18, 123);

test('formats lines as supervisord does: local asctime with milliseconds, a 4-letter level', () => {
  const logger = Logger.create({ memoryLines: 10, clock });
  logger.info("spawned: 'web' with pid 123");
  logger.critical('boom');
  assert.deepEqual(logger.lines(), [
    "2026-11-29 13:20:18,123 INFO spawned: 'web' with pid 123\n",
    '2026-11-29 13:20:18,123 CRIT boom\n',
  ]);
});

// [level set, levels that pass]
const FILTERS: Array<[keyof typeof LOG_LEVELS, string[]]> = [
  ['critical', ['CRIT']],
  ['warn', ['CRIT', 'ERRO', 'WARN']],
  ['info', ['CRIT', 'ERRO', 'WARN', 'INFO']],
  ['blather', ['CRIT', 'ERRO', 'WARN', 'INFO', 'DEBG', 'TRAC', 'BLAT']],
];

for (const [level, passing] of FILTERS) {
  test(`level ${level} lets through ${passing.join(' ')}`, () => {
    const logger = Logger.create({ memoryLines: 10, clock, level });
    logger.critical('m');
    logger.error('m');
    logger.warn('m');
    logger.info('m');
    logger.debug('m');
    logger.trace('m');
    logger.blather('m');
    assert.deepEqual(
      logger.lines().map((l) => l.split(' ')[2]),
      passing,
    );
  });
}

test('setLevel changes the filter; isLogLevel knows supervisord names', () => {
  const logger = Logger.create({ memoryLines: 10, clock, level: 'error' });
  logger.info('hidden');
  logger.setLevel('debug');
  logger.debug('shown');
  assert.equal(logger.lines().length, 1);
  assert.equal(logger.getLevel(), 'debug');
  assert.equal(isLogLevel('blather'), true);
  assert.equal(isLogLevel('warning'), false);
});

test('writes to a rotating file and a stream', async (t) => {
  const file = path.join(tempDir(t), 'supervisord.log');
  const out: string[] = [];
  const logger = Logger.create({
    clock,
    file: { path: file, maxbytes: 100, backups: 1 },
    stream: { write: (s) => out.push(s) },
  });
  for (let i = 0; i < 5; i++) logger.info(`line ${i}`);
  await logger.close();
  assert.equal(out.length, 5);
  // 36-byte lines, two to a 100-byte file: line 0-1, then 2-3 (kept as .1), then 4.
  assert.equal(
    fs.readFileSync(`${file}.1`, 'utf8'),
    '2026-11-29 13:20:18,123 INFO line 2\n2026-11-29 13:20:18,123 INFO line 3\n',
  );
  assert.equal(fs.readFileSync(file, 'utf8'), '2026-11-29 13:20:18,123 INFO line 4\n');
});

test('a throwing stream does not stop logging', () => {
  const logger = Logger.create({
    memoryLines: 5,
    clock,
    stream: {
      write: () => {
        throw new Error('EPIPE');
      },
    },
  });
  logger.info('still here');
  assert.equal(logger.lines().length, 1);
});

test('formatAsctime pads every field', () => {
  assert.equal(formatAsctime(new Date(2026, 0, 2, 3, 4, 5, 6)), '2026-01-02 03:04:05,006');
});
