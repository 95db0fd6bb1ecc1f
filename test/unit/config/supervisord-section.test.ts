// [supervisord] defaults, values, %(here)s/ENV_ expansion and command-line overrides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/parse.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const FILE = '/etc/sv/sv.conf';
const base = { cwd: '/work', env: { TMPDIR: '/scratch/', LOGS: '/var/log' } };

test('defaults are supervisord defaults', () => {
  assert.deepEqual(parseConfigText('[supervisord]', FILE, base).supervisord, {
    logfile: '/work/supervisord.log',
    logfileMaxbytes: 52428800,
    logfileBackups: 10,
    loglevel: 'info',
    pidfile: '/work/supervisord.pid',
    umask: 0o22,
    nodaemon: false,
    silent: false,
    minfds: 1024,
    minprocs: 200,
    nocleanup: false,
    childlogdir: '/scratch',
    user: null,
    directory: null,
    stripAnsi: false,
    environment: {},
    identifier: 'supervisor',
  });
});

test('values, %(here)s and %(ENV_X)s', () => {
  const s = parseConfigText(
    '[supervisord]\nlogfile=%(ENV_LOGS)s/sd.log\npidfile=%(here)s/sd.pid\nloglevel=DEBUG\numask=077\nnodaemon=true\n' +
      'silent=on\nminfds=4096\nminprocs=10\nnocleanup=1\nchildlogdir=/var/log\nuser=root\ndirectory=/\nstrip_ansi=yes\n' +
      'environment=A="1"\nidentifier=box\nlogfile_maxbytes=1GB\nlogfile_backups=0',
    FILE,
    base,
  ).supervisord;
  assert.equal(s.logfile, '/var/log/sd.log');
  assert.equal(s.pidfile, '/etc/sv/sd.pid');
  assert.equal(s.loglevel, 'debug');
  assert.equal(s.umask, 0o77);
  assert.deepEqual([s.nodaemon, s.silent, s.nocleanup, s.stripAnsi], [true, true, true, true]);
  assert.deepEqual([s.minfds, s.minprocs, s.logfileMaxbytes, s.logfileBackups], [4096, 10, 1073741824, 0]);
  assert.deepEqual([s.childlogdir, s.user, s.directory, s.identifier], ['/var/log', 'root', '/', 'box']);
  assert.deepEqual(s.environment, { A: '1' });
  assert.equal(parseConfigText('[supervisord]\nlogfile=syslog', FILE, base).supervisord.logfile, 'syslog');
});

test('command-line overrides win', () => {
  const s = parseConfigText('[supervisord]\nloglevel=info\nnodaemon=false\nidentifier=a', FILE, {
    ...base,
    overrides: {
      loglevel: 'warn',
      nodaemon: true,
      identifier: 'b',
      logfile: 'x.log',
      pidfile: '/run/p.pid',
      user: 'mop',
      nocleanup: true,
      childlogdir: '/tmp',
      directory: '/srv',
    },
  }).supervisord;
  assert.deepEqual(
    [
      s.loglevel,
      s.nodaemon,
      s.identifier,
      s.logfile,
      s.pidfile,
      s.user,
      s.nocleanup,
      s.childlogdir,
      s.directory,
    ],
    ['warn', true, 'b', '/work/x.log', '/run/p.pid', 'mop', true, '/tmp', '/srv'],
  );
  assert.throws(
    () => parseConfigText('[supervisord]', FILE, { overrides: { loglevel: 'loud' } }),
    (err) => isModulusError(err) && err.code === 'CONFIG_VALUE',
  );
});

test('directories are checked when a checker is given', () => {
  const dirExists = (d: string) => d === '/work' || d === '/etc/sv';
  assert.throws(
    () => parseConfigText('[supervisord]\nchildlogdir=/nope', FILE, { ...base, dirExists }),
    (err) => isModulusError(err) && err.message.startsWith(`${FILE}:2 [supervisord] childlogdir:`),
  );
  assert.throws(
    () => parseConfigText('[supervisord]\n\nlogfile=/nope/x.log', FILE, { ...base, dirExists }),
    (err) => isModulusError(err) && err.message.startsWith(`${FILE}:3 [supervisord] logfile:`),
  );
});
