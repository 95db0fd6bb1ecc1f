// The action bodies the page may send: exactly the known actions, a process name where one is
// needed, nothing else (hostile bodies are refused, never guessed at).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAction } from '../../../src/web/page-actions.js';

const rows: [string, unknown][] = [
  ['{"action":"start","name":"web"}', { action: 'start', name: 'web' }],
  ['{"action":"stop","name":"g:web"}', { action: 'stop', name: 'g:web' }],
  ['{"action":"restart","name":"web","extra":1}', { action: 'restart', name: 'web' }],
  ['{"action":"clearlog","name":"<img src=x>"}', { action: 'clearlog', name: '<img src=x>' }],
  ['{"action":"stopall"}', { action: 'stopall' }],
  ['{"action":"restartall","name":"ignored"}', { action: 'restartall' }],
  ['{"action":"start"}', null],
  ['{"action":"start","name":""}', null],
  ['{"action":"start","name":7}', null],
  [`{"action":"start","name":"${'x'.repeat(1025)}"}`, null],
  ['{"action":"shutdown"}', null],
  ['{"action":"__proto__","name":"web"}', null],
  ['{"action":["start"],"name":"web"}', null],
  ['["start","web"]', null],
  ['null', null],
  ['"start"', null],
  ['action=start&name=web', null],
  ['', null],
];
for (const [body, expected] of rows) {
  test(`body ${body.slice(0, 60)} → ${JSON.stringify(expected)}`, () => {
    assert.deepEqual(parseAction(body), expected);
  });
}
