// How one chunk or record becomes syslog messages, as supervisord's SyslogHandler splits it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { programSyslogLines, syslogPieces } from '../../../src/logs/syslog-lines.js';

test('final newlines go, every other newline starts a message', () => {
  assert.deepEqual(syslogPieces('one\ntwo\n\n'), ['one', 'two']);
  assert.deepEqual(syslogPieces('a\n\nb'), ['a', '', 'b']);
  assert.deepEqual(syslogPieces('partial'), ['partial']);
});

test("a program's pieces carry its name; a NUL stays visible", () => {
  assert.deepEqual(programSyslogLines('web', Buffer.from('hello\nwor\0ld\n')), [
    'web hello',
    'web wor\\x00ld',
  ]);
});
