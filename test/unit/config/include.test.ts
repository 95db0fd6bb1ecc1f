// [include]: Python-style globbing and include resolution through an injected source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { glob, segmentRegExp, type ConfigSource } from '../../../src/config/include.js';
import { parseConfigText } from '../../../src/config/parse.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

/** A fake file tree: paths ending in '/' are directories. */
function fakeSource(files: Record<string, string>): ConfigSource {
  const all = Object.keys(files);
  return {
    readFile(path) {
      if (files[path + '/'] !== undefined) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      if (text === '!unreadable') throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return text;
    },
    readDir(dir) {
      const prefix = dir.endsWith('/') ? dir : dir + '/';
      return [
        ...new Set(
          all.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0] as string),
        ),
      ];
    },
    exists: (path) => all.some((p) => p === path || p === path + '/' || p.startsWith(path + '/')),
  };
}

test('segmentRegExp translates fnmatch patterns', () => {
  const rows: [string, string, boolean][] = [
    ['*.conf', 'a.conf', true],
    ['*.conf', 'a.ini', false],
    ['config??.conf', 'config01.conf', true],
    ['[ab].conf', 'b.conf', true],
    ['[!ab].conf', 'b.conf', false],
    ['[!ab].conf', 'c.conf', true],
    ['[a-c]x', 'bx', true],
    ['a[', 'a[', true],
    ['a.b', 'axb', false],
  ];
  for (const [pattern, name, expected] of rows)
    assert.equal(segmentRegExp(pattern).test(name), expected, `${pattern} ~ ${name}`);
});

test('glob skips dot-files and walks wildcard directories', () => {
  const source = fakeSource({
    '/c/a.conf': '',
    '/c/.h.conf': '',
    '/c/d1/x.conf': '',
    '/c/d2/x.conf': '',
    '/c/b.ini': '',
  });
  assert.deepEqual(glob('/c/*.conf', source).sort(), ['/c/a.conf']);
  assert.deepEqual(glob('/c/.*.conf', source).sort(), ['/c/.h.conf']);
  assert.deepEqual(glob('/c/d*/x.conf', source).sort(), ['/c/d1/x.conf', '/c/d2/x.conf']);
  assert.deepEqual(glob('/c/b.ini', source), ['/c/b.ini']);
  assert.deepEqual(glob('/c/none.ini', source), []);
});

test('included files are read in sorted order, relative to the including file', () => {
  const source = fakeSource({
    '/etc/sv/conf.d/b.conf': '[program:b]\ncommand=b %(here)s',
    '/etc/sv/conf.d/a.conf': '[program:a]\ncommand=a %(here)s',
    '/etc/sv/conf.d/sub/': '',
    '/abs/z.conf': '[program:z]\ncommand=z',
  });
  const config = parseConfigText(
    '[supervisord]\n[include]\nfiles = conf.d/* /abs/z.conf nothing*.conf',
    '/etc/sv/main.conf',
    { source },
  );
  assert.deepEqual(config.files, [
    '/etc/sv/main.conf',
    '/etc/sv/conf.d/a.conf',
    '/etc/sv/conf.d/b.conf',
    '/abs/z.conf',
  ]);
  assert.deepEqual(
    config.groups.map((g) => g.processes[0]?.command),
    ['a /etc/sv/conf.d', 'b /etc/sv/conf.d', 'z'],
  );
  const warnings = config.warnings.map((w) => w.message).join('\n');
  assert.match(warnings, /no file matches "\/etc\/sv\/nothing\*\.conf"/);
  assert.match(warnings, /is a directory, skipped/);
});

test('include errors are located at the files= line', () => {
  const source = fakeSource({
    '/etc/sv/bad.conf': '!unreadable',
    '/etc/sv/broken.conf': '[program:x]\ncommand=x\nnot a key',
  });
  const rows: [string, string, string][] = [
    ['[supervisord]\n[include]\nfiles=bad.conf', 'CONFIG_INCLUDE', '/etc/sv/main.conf:3 '],
    ['[supervisord]\n[include]\nfoo=bar', 'CONFIG_MISSING_KEY', '/etc/sv/main.conf:2 '],
    ['[supervisord]\n[include]\nfiles=broken.conf', 'CONFIG_SYNTAX', '/etc/sv/broken.conf:3 '],
    ['[supervisord]\n[include]\nfiles=%(ENV_NOPE)s', 'CONFIG_EXPANSION', '/etc/sv/main.conf:3 '],
  ];
  for (const [text, code, prefix] of rows) {
    assert.throws(
      () => parseConfigText(text, '/etc/sv/main.conf', { source }),
      (err) => isModulusError(err) && err.code === code && err.message.startsWith(prefix),
      text,
    );
  }
});

test('[include] inside an included file is ignored with a warning', () => {
  const source = fakeSource({
    '/e/a.conf': '[include]\nfiles=b.conf',
    '/e/b.conf': '[program:b]\ncommand=b',
  });
  const config = parseConfigText('[supervisord]\n[include]\nfiles=a.conf', '/e/main.conf', { source });
  assert.deepEqual(config.files, ['/e/main.conf', '/e/a.conf']);
  assert.match(config.warnings.map((w) => w.message).join('\n'), /includes do not nest/);
});
