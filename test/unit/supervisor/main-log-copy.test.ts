// The main-log copy of child output: supervisord's wording, only at debug and below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Logger, type LogLevel } from '../../../src/logs/logger.js';
import { childOutputMessage, MainLogCopy } from '../../../src/supervisor/main-log-copy.js';

const out = (chunk: string | number[], protocol = false, stream: 'stdout' | 'stderr' = 'stdout') => ({
  name: 'web',
  stream,
  chunk: typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk),
  protocol,
});

test('childOutputMessage words each kind of chunk as supervisord does', () => {
  assert.equal(childOutputMessage(out('hello\n')), "'web' stdout output:\nhello\n");
  assert.equal(
    childOutputMessage(out([0x88, 0x0a], false, 'stderr')),
    "'web' stderr output:\nUndecodable: b'\\x88\\n'",
  );
  assert.equal(childOutputMessage(out('READY\n', true)), "'web' stdout output:\nb'READY\\n'");
});

function copyAt(level: LogLevel, stripAnsi = false): { copy: MainLogCopy; lines: () => readonly string[] } {
  const log = Logger.create({ level, memoryLines: 100 });
  return { copy: new MainLogCopy(log, stripAnsi), lines: () => log.lines().map((l) => l.slice(24)) };
}

test('copied at debug, trace and blather; not at info', () => {
  for (const level of ['debug', 'trace', 'blather'] as const) {
    const { copy, lines } = copyAt(level);
    copy.output({}, out('hi\n'));
    assert.deepEqual(lines(), ["DEBG 'web' stdout output:\nhi\n\n"], level);
  }
  const { copy, lines } = copyAt('info');
  copy.output({}, out('hi\n'));
  assert.deepEqual(lines(), []);
});

test('strip_ansi applies to program output across reads, not to the listener protocol', () => {
  const { copy, lines } = copyAt('debug', true);
  const runner = {};
  copy.output(runner, out('\x1b[3'));
  copy.output(runner, out('1mred\x1b[0m\n'));
  copy.output(runner, out('\x1b[1mREADY\n', true));
  assert.deepEqual(lines(), [
    "DEBG 'web' stdout output:\nred\n\n",
    "DEBG 'web' stdout output:\nb'\\x1b[1mREADY\\n'\n",
  ]);
});
