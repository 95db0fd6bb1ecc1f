// [modulus:notify]: the notifier inside the supervisor, with `modulus notify`'s defaults and clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/parse.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const FILE = '/etc/sv/sv.conf';
const parse = (text: string) =>
  parseConfigText(`[supervisord]\n${text}`, FILE, { cwd: '/work', env: { HOME: '/root' } });

function refused(text: string, code: string, message: RegExp): void {
  assert.throws(
    () => parse(text),
    (err: unknown) => isModulusError(err) && err.code === code && message.test(err.message),
    text,
  );
}

test('absent: no in-process notifier', () => {
  assert.equal(parse('').notify, null);
});

test('dir alone takes the defaults of modulus notify; relative paths and %(here)s resolve', () => {
  assert.deepEqual(parse('[modulus:notify]\ndir=/mnt/notifications').notify, {
    dir: '/mnt/notifications',
    maxFiles: 1000,
    maxBytes: 10 * 1024 * 1024,
    coalesceSecs: 5,
  });
  assert.equal(parse('[modulus:notify]\ndir=n').notify?.dir, '/work/n');
  assert.equal(parse('[modulus:notify]\ndir=%(here)s/n').notify?.dir, '/etc/sv/n');
});

test('every key', () => {
  const c = parse('[modulus:notify]\ndir=/n\nmax_files=20\nmax_bytes=16KB\ncoalesce_secs=0.2').notify;
  assert.deepEqual(c, { dir: '/n', maxFiles: 20, maxBytes: 16 * 1024, coalesceSecs: 0.2 });
  assert.equal(parse('[modulus:notify]\ndir=/n\ncoalesce_secs=0').notify?.coalesceSecs, 0);
});

test('bad values name the file, line and key', () => {
  refused('[modulus:notify]\n', 'CONFIG_MISSING_KEY', /\[modulus:notify\].*needs a dir=/);
  refused('[modulus:notify]\ndir=/n\nmax_files=0', 'CONFIG_VALUE', /sv\.conf:4.*max_files.*1 or more/);
  refused('[modulus:notify]\ndir=/n\nmax_bytes=lots', 'CONFIG_VALUE', /max_bytes.*byte size/);
  refused('[modulus:notify]\ndir=/n\nmax_bytes=0', 'CONFIG_VALUE', /max_bytes.*at least 1 byte/);
  refused('[modulus:notify]\ndir=/n\ncoalesce_secs=-1', 'CONFIG_VALUE', /coalesce_secs.*non-negative/);
  refused('[modulus:other]\n', 'CONFIG_SECTION', /unknown section type/);
});

test('an unknown key is a warning, as in the other sections', () => {
  const config = parse('[modulus:notify]\ndir=/n\nstdout=true');
  assert.ok(config.warnings.some((w) => /\[modulus:notify\] stdout: unknown key/.test(w.message)));
});
