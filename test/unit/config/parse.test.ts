// parseConfigText as a whole: section types, required sections, roles, [DEFAULT], freezing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/parse.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const FILE = '/etc/sv.conf';

function fails(text: string, code: string, line: number, options = {}): void {
  assert.throws(
    () => parseConfigText(text, FILE, options),
    (err) => isModulusError(err) && err.code === code && err.message.startsWith(`${FILE}:${line} `),
    text,
  );
}

test('section types: unknown is an error, plugins accepted', () => {
  fails('[supervisord]\n[programs:x]\ncommand=x', 'CONFIG_SECTION', 2);
  fails('[supervisord]\n[ program:x ]\ncommand=x', 'CONFIG_SECTION', 2);
  fails('[supervisord]\n[program:]\ncommand=x', 'CONFIG_SECTION', 2);
  const config = parseConfigText(
    '[supervisord]\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n' +
      '[rpcinterface:other]\nsupervisor.rpcinterface_factory = my.pkg:make\n[ctlplugin:x]\nsupervisor.ctl_factory = x:y',
    FILE,
  );
  assert.equal(config.warnings.length, 2);
});

test('supervisord needs [supervisord]; supervisorctl needs [supervisorctl]', () => {
  fails('[program:x]\ncommand=x', 'CONFIG_SECTION', 1);
  fails('[supervisord]', 'CONFIG_SECTION', 1, { role: 'supervisorctl' });
  const ctl = parseConfigText('[supervisorctl]\nserverurl=http://127.0.0.1:9001', FILE, {
    role: 'supervisorctl',
  });
  assert.equal(ctl.supervisorctl.serverurl, 'http://127.0.0.1:9001');
});

test('[DEFAULT] values reach every section, as in ConfigParser', () => {
  const config = parseConfigText('[DEFAULT]\nautostart=false\n[supervisord]\n[program:a]\ncommand=a', FILE);
  assert.equal(config.groups[0]?.processes[0]?.autostart, false);
});

test('the result is frozen and lists the files read', () => {
  const config = parseConfigText('[supervisord]\n[program:a]\ncommand=a', FILE);
  assert.deepEqual(config.files, [FILE]);
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.groups[0]?.processes[0]?.stdout));
  assert.ok(Object.isFrozen(config.groups[0]?.processes[0]?.environment));
});

test('the message format names file, line, section, key and the bad value', () => {
  assert.throws(
    () => parseConfigText('[supervisord]\n[program:web]\ncommand=x\nstartsecs=ten', '/mnt/supervisor.conf'),
    { message: '/mnt/supervisor.conf:4 [program:web] startsecs: expected an integer, got "ten"' },
  );
});

test('the seed example: environment spread over continuation lines, output to /mnt/log/app.log', () => {
  const config = parseConfigText(
    [
      '[supervisord]',
      'nodaemon=true',
      '',
      '[program:app]',
      'command=start',
      'user=mop',
      'directory=/mnt/app',
      'environment=HOME="/mnt/home",',
      '  TEMP_DIR="/mnt/tmp",',
      '  TMPDIR="/mnt/tmp",',
      '  TMP_DIR="/mnt/tmp"',
      'redirect_stderr=true',
      'stdout_logfile=/mnt/log/app.log',
      'stdout_logfile_maxbytes=10MB',
      'stdout_logfile_backups=5',
    ].join('\n'),
    '/mnt/supervisor.conf',
  );
  const p = config.groups[0]?.processes[0];
  assert.deepEqual(p?.environment, {
    HOME: '/mnt/home',
    TEMP_DIR: '/mnt/tmp',
    TMPDIR: '/mnt/tmp',
    TMP_DIR: '/mnt/tmp',
  });
  assert.deepEqual(
    [p?.stdout.logfile, p?.stdout.maxbytes, p?.stdout.backups, p?.stderr.logfile],
    ['/mnt/log/app.log', 10485760, 5, null],
  );
});
