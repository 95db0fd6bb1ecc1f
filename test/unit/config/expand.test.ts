// Fixture table for Python-style %(name)s expansion, as supervisord applies it to values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand } from '../../../src/config/expand.js';

const names = { program_name: 'web', process_num: 3, here: '/etc/sv', ENV_HOME: '/mnt/home', neg: -5 };

test('expand renders printf-style specs like Python', () => {
  const rows: [string, string][] = [
    ['plain', 'plain'],
    ['%(program_name)s', 'web'],
    ['%(process_num)d', '3'],
    ['%(process_num)02d', '03'],
    ['--port=80%(process_num)02d', '--port=8003'],
    ['%(process_num)s', '3'],
    ['%(process_num)5d|', '    3|'],
    ['%(process_num)-5d|', '3    |'],
    ['%(process_num)+d', '+3'],
    ['%(neg)03d', '-05'],
    ['%(process_num)x %(process_num)o %(process_num)#x', '3 3 0x3'],
    ['%(process_num).2f', '3.00'],
    ['%(process_num)e', '3.000000e+00'],
    ['%(program_name).2s', 'we'],
    ['%(program_name)r', "'web'"],
    ['%(ENV_HOME)s/x', '/mnt/home/x'],
    ['100%%', '100%'],
    ['%%(here)s', '%(here)s'],
    ['%(here)s%(here)s', '/etc/sv/etc/sv'],
  ];
  for (const [input, expected] of rows) assert.equal(expand(input, names), expected, input);
});

test('expand rejects what Python rejects', () => {
  const rows: [string, RegExp][] = [
    ['%(nope)s', /unknown name "nope"/],
    ['%(program_name)d', /needs a number/],
    ['50%', /incomplete format/],
    ['%(here', /incomplete format key/],
    ['%(here)q', /unsupported format character/],
    ['%s', /no \(name\)/],
    ['%(process_num)*d', /positional/],
  ];
  for (const [input, message] of rows) assert.throws(() => expand(input, names), message, input);
});

test('the unknown-name message lists the names that are available', () => {
  assert.throws(() => expand('%(x)s', names), /available: here, neg, process_num, program_name/);
});
