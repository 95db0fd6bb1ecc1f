// MODULUS_NOTIFY_STDOUT=1: each notification is also one JSON line on the supervisor's stdout (the
// container log in a cluster), the same record as the file, under Debian's supervisord and ours (the
// listener and the notifier inside the supervisor);
// without it, nothing but the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../../helpers/wait-for.js';
import { parseRecord, type NotificationRecord } from '../../../src/notify/record.js';
import { FLAVOURS, requireDebianSupervisord, startWithNotifier } from './notify-harness.js';

const CRASHER = `[program:crasher]
command=sh -c 'echo about to fail; exit 3'
startsecs=0
autorestart=false
`;

function jsonLines(output: string): NotificationRecord[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{"version":'))
    .map((line) => parseRecord(line)!)
    .filter((r) => r !== null);
}

for (const flavour of FLAVOURS) {
  test(`a crash is one JSON line on the supervisor's stdout under ${flavour}, equal to its file`, async (t) => {
    if (flavour === 'debian' && !requireDebianSupervisord(t)) return;
    const h = await startWithNotifier(t, CRASHER, {
      flavour,
      env: { MODULUS_NOTIFY_STDOUT: '1' },
      outputToFile: true,
    });
    const file = await h.waitForRecord('the crash file', (r) => r.type === 'crash');
    const line = await waitFor('the crash line on stdout', () => jsonLines(h.output())[0]).catch(
      (err: Error) => {
        throw new Error(`${err.message}\n${h.mainLog()}`);
      },
    );
    assert.deepEqual(line, file);
    assert.equal(jsonLines(h.output()).length, 1, h.output());
  });
}

for (const flavour of ['modulus', 'in-process'] as const) {
  test(`without MODULUS_NOTIFY_STDOUT the record is only in the file (${flavour})`, async (t) => {
    const h = await startWithNotifier(t, CRASHER, { flavour, outputToFile: true });
    await h.waitForRecord('the crash file', (r) => r.type === 'crash');
    await h.stop();
    assert.deepEqual(jsonLines(h.output()), []);
    assert.doesNotMatch(h.output(), /"type":"crash"/);
  });
}
