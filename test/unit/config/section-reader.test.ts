// SectionReader: lookup with [DEFAULT] fallback, %(here)s of the key's own file, located errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyRawConfig, lexIni } from '../../../src/config/lexer.js';
import { SectionReader } from '../../../src/config/section-reader.js';
import { integer } from '../../../src/config/values.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

function reader() {
  const raw = emptyRawConfig();
  lexIni('[DEFAULT]\nd=1\n[s]\nn=5\nbad=x\np=%(here)s/p', '/a/main.conf', raw);
  lexIni('[s]\nq=%(here)s/q\nextra=1', '/b/inc.conf', raw);
  const section = raw.sections.get('s');
  return {
    r: new SectionReader('s', section?.origin ?? { file: '', line: 0 }, section, raw.defaults, raw.warnings),
    raw,
  };
}

test('get converts, falls back to [DEFAULT] and to the default', () => {
  const { r } = reader();
  assert.equal(r.get('n', integer, 0, {}), 5);
  assert.equal(r.get('d', integer, 0, {}), 1);
  assert.equal(r.get('missing', integer, 7, {}), 7);
});

test('%(here)s is the directory of the file that set the key', () => {
  const { r } = reader();
  assert.equal(r.string('p', {}), '/a/p');
  assert.equal(r.string('q', {}), '/b/q');
});

test('errors and warnings are located', () => {
  const { r, raw } = reader();
  assert.throws(
    () => r.get('bad', integer, 0, {}),
    (err) => isModulusError(err) && err.message === '/a/main.conf:5 [s] bad: expected an integer, got "x"',
  );
  r.warnUnknown(new Set(['n', 'bad', 'p', 'q']));
  assert.deepEqual(
    raw.warnings.map((w) => w.message),
    ['/b/inc.conf:3 [s] extra: unknown key, ignored'],
  );
});
