// The listener protocol parser, fed in whole and in pieces, against supervisord's dispatcher rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ListenerProtocol, type ProtocolOutcome } from '../../../src/events/listener-protocol.js';

type Step = ['feed', string] | ['send'];
const simplify = (o: ProtocolOutcome): string =>
  o.kind === 'ready'
    ? 'ready'
    : o.kind === 'result'
      ? `result:${Buffer.from(o.body).toString()}:${o.accepted ? 'ok' : 'rejected'}`
      : `error:${o.rejectEvent ? 'reject' : 'drop'}`;

const cases: [string, Step[], string[], string][] = [
  [
    'ready then OK',
    [['feed', 'READY\n'], ['send'], ['feed', 'RESULT 2\nOK']],
    ['ready', 'result:OK:ok'],
    'ACKNOWLEDGED',
  ],
  [
    'OK and READY in one write',
    [['feed', 'READY\n'], ['send'], ['feed', 'RESULT 2\nOKREADY\n']],
    ['ready', 'result:OK:ok', 'ready'],
    'READY',
  ],
  [
    'FAIL is rejected',
    [['feed', 'READY\n'], ['send'], ['feed', 'RESULT 4\nFAIL']],
    ['ready', 'result:FAIL:rejected'],
    'ACKNOWLEDGED',
  ],
  [
    'byte by byte',
    [
      ['feed', 'R'],
      ['feed', 'EADY'],
      ['feed', '\n'],
      ['send'],
      ['feed', 'RESULT'],
      ['feed', ' 2\nO'],
      ['feed', 'K'],
    ],
    ['ready', 'result:OK:ok'],
    'ACKNOWLEDGED',
  ],
  [
    'empty result',
    [['feed', 'READY\n'], ['send'], ['feed', 'RESULT 0\n']],
    ['ready', 'result::rejected'],
    'ACKNOWLEDGED',
  ],
  ['garbage instead of READY', [['feed', 'hello world\n']], ['error:drop'], 'UNKNOWN'],
  ['short garbage waits for 6 bytes', [['feed', 'hello']], [], 'ACKNOWLEDGED'],
  ['output while READY', [['feed', 'READY\nextra']], ['ready', 'error:drop'], 'UNKNOWN'],
  [
    'bad result line rejects the event',
    [['feed', 'READY\n'], ['send'], ['feed', 'RESULT two\nOK']],
    ['ready', 'error:reject'],
    'UNKNOWN',
  ],
  [
    'negative length is garbage',
    [['feed', 'READY\n'], ['send'], ['feed', 'RESULT -1\n']],
    ['ready', 'error:reject'],
    'UNKNOWN',
  ],
  // supervisord reads the length after the first 7 bytes without checking the word RESULT.
  [
    'only the length is checked',
    [['feed', 'READY\n'], ['send'], ['feed', 'XXXXXXX 2 \nOK']],
    ['ready', 'result:OK:ok'],
    'ACKNOWLEDGED',
  ],
  [
    'UNKNOWN ignores everything after',
    [
      ['feed', 'garbage\n'],
      ['feed', 'READY\n'],
    ],
    ['error:drop'],
    'UNKNOWN',
  ],
  [
    'body may contain newlines',
    [['feed', 'READY\n'], ['send'], ['feed', 'RESULT 3\na\nbREADY\n']],
    ['ready', 'result:a\nb:rejected', 'ready'],
    'READY',
  ],
];

test('protocol cases', () => {
  for (const [name, steps, expected, finalState] of cases) {
    const p = new ListenerProtocol();
    const outcomes: string[] = [];
    for (const step of steps) {
      if (step[0] === 'send') p.eventSent();
      else outcomes.push(...p.feed(Buffer.from(step[1])).map(simplify));
    }
    assert.deepEqual(outcomes, expected, name);
    assert.equal(p.state, finalState, name);
  }
});

test('sending to a listener that is not READY is a bug', () => {
  assert.throws(() => new ListenerProtocol().eventSent());
});
