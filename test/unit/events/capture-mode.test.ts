import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureMode } from '../../../src/events/capture-mode.js';

const B = '<!--XSUPERVISOR:BEGIN-->';
const E = '<!--XSUPERVISOR:END-->';

const CASES: Array<[string, string[], number, string, string[]]> = [
  ['no tokens', ['hello\n'], 100, 'hello\n', []],
  ['one message', [`a${B}msg${E}b`], 100, 'ab', ['msg']],
  [
    'tokens split across reads',
    ['a<!--XSUPER', `VISOR:BEGIN-->m`, 'sg<!--XSUPERVISOR:E', 'ND-->b'],
    100,
    'ab',
    ['msg'],
  ],
  ['two messages', [`${B}1${E}x${B}2${E}`], 100, 'x', ['1', '2']],
  ['bounded by maxbytes', [`${B}0123456789${E}`], 4, '', ['0123']],
];

for (const [name, chunks, max, log, messages] of CASES) {
  test(`capture mode: ${name}`, () => {
    const c = new CaptureMode(max);
    let gotLog = '';
    const got: string[] = [];
    let dropped = 0;
    for (const chunk of chunks) {
      const r = c.feed(Buffer.from(chunk));
      gotLog += r.log.toString();
      got.push(...r.messages.map((m) => m.toString()));
      dropped += r.dropped;
    }
    assert.equal(gotLog, log);
    assert.deepEqual(got, messages);
    if (name === 'bounded by maxbytes') assert.equal(dropped, 6);
  });
}

test('a partial token at the end is held, then released as log when it is not a token', () => {
  const c = new CaptureMode(10);
  assert.equal(c.feed(Buffer.from('x<!--XS')).log.toString(), 'x');
  assert.equal(c.feed(Buffer.from('nope')).log.toString(), '<!--XSnope');
});
