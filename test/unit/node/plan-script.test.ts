import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { renderPlan, shellQuote } from '../../../src/node/plan-script.js';

const AWKWARD = ['plain', 'with space', "it's", 'dollar $HOME `x`', 'new\nline', '', '"dq"', '\\back'];

test('shellQuote round-trips awkward words through a real sh', () => {
  const script = `for a in ${AWKWARD.map(shellQuote).join(' ')}; do printf '%s\\0' "$a"; done`;
  const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  assert.deepEqual(out.split('\0').slice(0, -1), AWKWARD);
});

test('renderPlan: cd, exports, then exec or modulus_forward', () => {
  const text = renderPlan({
    cwd: "/mnt/it's app",
    env: { PATH: '/n/bin:/usr/bin' },
    argv: ['/n/bin/node', 'a b.js'],
    forwardSignals: false,
  });
  assert.equal(
    text,
    `cd -- '/mnt/it'\\''s app' || exit 1\nPATH='/n/bin:/usr/bin'; export PATH\nexec '/n/bin/node' 'a b.js'\n`,
  );
  const fwd = renderPlan({ cwd: '/a', env: {}, argv: ['/bin/sh', '-c', 'a && b'], forwardSignals: true });
  assert.match(fwd, /^modulus_forward '\/bin\/sh' '-c' 'a && b'$/m);
  assert.throws(() => renderPlan({ cwd: '/', env: { 'A-B': 'x' }, argv: ['x'], forwardSignals: false }));
});
