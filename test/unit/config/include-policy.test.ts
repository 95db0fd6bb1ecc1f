// [include] program_user / program_stopasgroup / program_logdir: what a restricted file may define,
// the user its programs run as, the stop-as-group defaults, where its programs may log, and that a
// plain [include] is left as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConfigSource } from '../../../src/config/include.js';
import type { ProcessConfig, SupervisorConfig } from '../../../src/config/model.js';
import { parseConfigText } from '../../../src/config/parse.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const MAIN = '/etc/modulus/supervisord.conf';
const APP = '/mnt/supervisor.conf';

/** The run images' global config: one event listener of its own, then the app's file. */
const IMAGE_MAIN = `[supervisord]
[unix_http_server]
file=/tmp/supervisor.sock
[eventlistener:notify]
command=/usr/local/bin/notify
events=PROCESS_STATE_FATAL
[include]
files = ${APP}
program_logdir = /mnt/log
program_user = mop
program_stopasgroup = true
`;

function source(files: Record<string, string>): ConfigSource {
  return {
    readFile(path) {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return text;
    },
    readDir: () => [],
    exists: (path) => files[path] !== undefined,
  };
}

function parse(app: string, main = IMAGE_MAIN, cwd = '/'): SupervisorConfig {
  return parseConfigText(main, MAIN, { source: source({ [APP]: app }), cwd });
}

function processes(config: SupervisorConfig): Map<string, ProcessConfig> {
  return new Map(config.groups.flatMap((g) => g.processes.map((p) => [`${g.name}:${p.name}`, p] as const)));
}

/** Parsing `app` fails with CONFIG_RESTRICTED, and the message starts with `start`. */
function refused(app: string, start: string, main = IMAGE_MAIN, cwd = '/'): void {
  assert.throws(
    () => parse(app, main, cwd),
    (err) => {
      assert.ok(isModulusError(err), String(err));
      assert.equal(err.code, 'CONFIG_RESTRICTED');
      assert.ok(err.message.startsWith(start), err.message);
      return true;
    },
    app,
  );
}

test('programs and event listeners of a restricted file run as program_user', () => {
  const config = parse(
    '[program:app]\ncommand=node app.js\n[eventlistener:mine]\ncommand=l\nevents=TICK_5\n' +
      '[program:ok]\ncommand=o\nuser=mop\n[group:both]\nprograms=app,ok\n',
  );
  const byName = processes(config);
  assert.equal(byName.get('both:app')?.user, 'mop');
  assert.equal(byName.get('both:ok')?.user, 'mop');
  assert.equal(byName.get('mine:mine')?.user, 'mop');
  assert.equal(byName.get('notify:notify')?.user, null, "the main file's listener is untouched");
  assert.deepEqual(config.files, [MAIN, APP]);
  assert.deepEqual(
    config.warnings.map((w) => w.message),
    [],
    'program_user and program_stopasgroup are known keys',
  );
});

test('a user other than program_user is refused, with file, line, section and key', () => {
  refused(
    '[program:app]\ncommand=a\n\n\n\n\nuser=root\n',
    `${APP}:7 [program:app] user: programs from ${APP} run as "mop"; "root" is not allowed`,
  );
  refused(
    '[eventlistener:l]\ncommand=l\nevents=TICK_5\nuser=%(ENV_USER)s\n',
    `${APP}:4 [eventlistener:l] user:`,
  );
  assert.throws(
    () => parse('[program:app]\ncommand=a\nuser=root\n'),
    (err) =>
      isModulusError(err) && err.hint === `Remove the user= line: programs from ${APP} always run as "mop".`,
  );
});

test("a restricted file may not change the main file's sections", () => {
  refused(
    '[program:app]\ncommand=a\n[eventlistener:notify]\ncommand=/bin/sh -c evil\n',
    `${APP}:4 [eventlistener:notify] command: [eventlistener:notify] is defined by ${MAIN}; ${APP} may not change it`,
  );
  refused('[unix_http_server]\nchmod=0777\n', `${APP}:2 [unix_http_server] chmod:`);
  refused('[include]\nfiles=/etc/shadow\n', `${APP}:2 [include] files:`);
});

test('a restricted file may define only programs, groups and event listeners', () => {
  refused('[program:app]\ncommand=a\n[supervisord]\nminfds=1\n', `${APP}:4 [supervisord] minfds:`);
  refused('[inet_http_server]\nport=9001\n', `${APP}:1 [inet_http_server]: not allowed in ${APP}`);
  refused('[rpcinterface:x]\nsupervisor.rpcinterface_factory=a:b\n', `${APP}:1 [rpcinterface:x]:`);
  refused('[DEFAULT]\nuser=root\n[program:app]\ncommand=a\n', `${APP}:2 [DEFAULT] user:`);
  // The in-process notifier writes as root: the app may not point it anywhere.
  refused('[modulus:notify]\ndir=/etc\n', `${APP}:1 [modulus:notify]: not allowed in ${APP}`);
  // The main file may lack [supervisord]: a restricted file cannot supply it.
  refused(
    '[supervisord]\n',
    `${APP}:1 [supervisord]: not allowed in ${APP}`,
    IMAGE_MAIN.replace('[supervisord]\n', ''),
  );
  assert.throws(
    () => parse('[program:app]\ncommand=a\n[supervisord]\nminfds=1\n'),
    (err) =>
      isModulusError(err) &&
      err.hint ===
        `${APP} is included with program_user, so it may only define programs, groups and event listeners of its own ([program:x], [group:x], [eventlistener:x]).`,
  );
});

test('the earliest violation in the file is the one reported', () => {
  refused('[program:a]\ncommand=a\nuser=root\n[supervisord]\nminfds=1\n', `${APP}:3 [program:a] user:`);
});

test("a restricted [group:x] may not take in the main file's programs", () => {
  const main = IMAGE_MAIN.replace('[include]', '[program:admin]\ncommand=admin\n[include]');
  refused(
    '[program:app]\ncommand=a\n[group:g]\nprograms=app,admin\n',
    `${APP}:4 [group:g] programs: takes in [program:admin], which is defined by ${MAIN}`,
    main,
  );
  assert.equal(processes(parse('[program:app]\ncommand=a\n', main)).get('admin:admin')?.user, null);
});

test('program_stopasgroup: stopasgroup and killasgroup true unless the program says otherwise', () => {
  const byName = processes(
    parse(
      '[program:a]\ncommand=a\n[program:b]\ncommand=b\nstopasgroup=false\n' +
        '[program:c]\ncommand=c\nkillasgroup=false\n[program:d]\ncommand=d\nstopasgroup=off\nkillasgroup=on\n',
    ),
  );
  const flags = (name: string) => [byName.get(name)?.stopasgroup, byName.get(name)?.killasgroup];
  assert.deepEqual(flags('a:a'), [true, true]);
  assert.deepEqual(
    flags('b:b'),
    [false, false],
    'killasgroup follows an explicit stopasgroup, as in supervisord',
  );
  assert.deepEqual(flags('c:c'), [false, false], 'an explicit killasgroup=false keeps stopasgroup false');
  assert.deepEqual(flags('d:d'), [false, true]);
  assert.deepEqual(
    flags('notify:notify'),
    [false, false],
    "the main file's listener keeps supervisord's default",
  );
});

test('program_stopasgroup without program_user applies to included programs, with no restriction', () => {
  const main = `[supervisord]\n[program:main]\ncommand=m\n[include]\nfiles=${APP}\nprogram_stopasgroup=yes\n`;
  const config = parse('[program:a]\ncommand=a\nuser=root\n[supervisord]\nminfds=2048\n', main);
  const byName = processes(config);
  assert.deepEqual([byName.get('a:a')?.stopasgroup, byName.get('a:a')?.user], [true, 'root']);
  assert.equal(byName.get('main:main')?.stopasgroup, false);
  assert.equal(config.supervisord.minfds, 2048);
});

test('without the keys an [include] behaves as supervisord’s', () => {
  const main = `[supervisord]\n[eventlistener:notify]\ncommand=n\nevents=TICK_5\n[include]\nfiles=${APP}\n`;
  const config = parse(
    '[DEFAULT]\nstartsecs=3\n[eventlistener:notify]\ncommand=x\n[program:a]\ncommand=a\n',
    main,
  );
  const byName = processes(config);
  assert.equal(byName.get('notify:notify')?.command, 'x');
  assert.deepEqual(
    [byName.get('a:a')?.user, byName.get('a:a')?.stopasgroup, byName.get('a:a')?.startsecs],
    [null, false, 3],
  );
});

test('bad values of the keys are located errors', () => {
  const main = (extra: string) => `[supervisord]\n[include]\nfiles=${APP}\n${extra}\n`;
  assert.throws(
    () => parse('', main('program_stopasgroup=maybe')),
    (err) =>
      isModulusError(err) &&
      err.code === 'CONFIG_VALUE' &&
      err.message.startsWith(`${MAIN}:4 [include] program_stopasgroup:`),
  );
  assert.throws(
    () => parse('', main('program_user=')),
    (err) => isModulusError(err) && err.message.startsWith(`${MAIN}:4 [include] program_user:`),
  );
});

test('program_user is expanded, and a % in it stays literal', () => {
  const main = `[supervisord]\n[include]\nfiles=${APP}\nprogram_user=%(ENV_APP_USER)s\n`;
  const config = parseConfigText(main, MAIN, {
    source: source({ [APP]: '[program:a]\ncommand=a\n' }),
    env: { APP_USER: 'app%1' },
  });
  assert.equal(config.groups[0]?.processes[0]?.user, 'app%1');
});

/** A [program:app] of the app's file whose lines after the command are `lines`. */
const app = (...lines: string[]) => ['[program:app]', 'command=a', ...lines, ''].join('\n');

test('program_logdir: log files directly inside it, AUTO and NONE are accepted', () => {
  const byName = processes(
    parse(
      app('stdout_logfile=/mnt/log/app.log', 'stderr_logfile=/mnt/log/app.err') +
        '[program:b]\ncommand=b\nstdout_logfile=NONE\nstderr_logfile=AUTO\n' +
        '[program:c]\ncommand=c\nstdout_logfile=%(here)s/log/./c.log\nstderr_logfile=off\n',
    ),
  );
  assert.deepEqual(
    [byName.get('app:app')?.stdout.logfile, byName.get('app:app')?.stderr.logfile],
    ['/mnt/log/app.log', '/mnt/log/app.err'],
  );
  assert.deepEqual([byName.get('b:b')?.stdout.logfile, byName.get('b:b')?.stderr.logfile], [null, 'AUTO']);
  assert.equal(byName.get('c:c')?.stdout.logfile, '/mnt/log/./c.log', 'kept as written');
});

test('program_logdir: a log file outside it is refused, with file, line, section and key', () => {
  refused(
    app('', '', '', '', '', '', 'stdout_logfile=/etc/ld.so.preload'),
    `${APP}:9 [program:app] stdout_logfile: programs from ${APP} log inside /mnt/log; "/etc/ld.so.preload" is outside it`,
  );
  assert.throws(
    () => parse(app('stdout_logfile=/mnt/logs/app.log')),
    (err) =>
      isModulusError(err) &&
      err.hint ===
        `Set stdout_logfile to a file directly in /mnt/log, or to AUTO or NONE: the supervisor opens it as root, so ${APP} may not choose where it is.`,
  );
  refused(app('stdout_logfile=/mnt/log'), `${APP}:3 [program:app] stdout_logfile:`);
});

test('program_logdir: a .. escape or a subdirectory is refused', () => {
  refused(
    app('stdout_logfile=/mnt/log/../../etc/ld.so.preload'),
    `${APP}:3 [program:app] stdout_logfile: programs from ${APP} log directly inside /mnt/log; "/mnt/log/../../etc/ld.so.preload" has a '..', which may lead anywhere through a symlink`,
  );
  refused(app('stdout_logfile=%(here)s/log/../x.log'), `${APP}:3 [program:app] stdout_logfile:`);
  // Lexically inside, but /mnt/log/link may be a symlink: the kernel resolves `..` from its target.
  refused(
    app('stdout_logfile=/mnt/log/link/../app.log'),
    `${APP}:3 [program:app] stdout_logfile: programs from ${APP} log directly inside /mnt/log; "/mnt/log/link/../app.log" has a '..'`,
  );
  // The app may own the directory, and the log writer refuses a symlink only as the last component.
  refused(
    app('stdout_logfile=/mnt/log/a/etc/ld.so.preload'),
    `${APP}:3 [program:app] stdout_logfile: programs from ${APP} log directly inside /mnt/log; "/mnt/log/a/etc/ld.so.preload" is in a subdirectory of it`,
  );
});

test('program_logdir: a relative path is judged from the working directory (where it is opened)', () => {
  assert.equal(
    processes(parse(app('stdout_logfile=log/app.log'), IMAGE_MAIN, '/mnt')).get('app:app')?.stdout.logfile,
    'log/app.log',
  );
  refused(
    app('stdout_logfile=log/app.log'),
    `${APP}:3 [program:app] stdout_logfile: programs from ${APP} log inside /mnt/log; "log/app.log" (/srv/log/app.log) is outside it`,
    IMAGE_MAIN,
    '/srv',
  );
  refused(app('stdout_logfile=../etc/x'), `${APP}:3 [program:app] stdout_logfile:`, IMAGE_MAIN, '/mnt/log');
});

test('program_logdir: stderr_logfile and event listeners are judged too', () => {
  refused(
    app('stdout_logfile=/mnt/log/ok.log', 'stderr_logfile=/root/.bashrc'),
    `${APP}:4 [program:app] stderr_logfile: programs from ${APP} log inside /mnt/log; "/root/.bashrc" is outside it`,
  );
  refused(
    '[eventlistener:l]\ncommand=l\nevents=TICK_5\nstderr_logfile=/etc/cron.d/x\n',
    `${APP}:4 [eventlistener:l] stderr_logfile: programs from ${APP} log inside /mnt/log;`,
  );
});

test("program_logdir leaves the main file's programs and a plain [include] alone", () => {
  const main = IMAGE_MAIN.replace(
    '[include]',
    '[program:admin]\ncommand=x\nstdout_logfile=/var/log/x\n[include]',
  );
  assert.equal(
    processes(parse(app('stdout_logfile=/mnt/log/a'), main)).get('admin:admin')?.stdout.logfile,
    '/var/log/x',
  );
  const plain = IMAGE_MAIN.replace('program_logdir = /mnt/log\n', '');
  assert.equal(
    processes(parse(app('stdout_logfile=/etc/x'), plain)).get('app:app')?.stdout.logfile,
    '/etc/x',
  );
});

test('program_logdir without program_user: included programs and keys set by included files', () => {
  const main = `[supervisord]\n[program:main]\ncommand=m\n[include]\nfiles=${APP}\nprogram_logdir=%(ENV_VOL)s/log/\n`;
  const parseWith = (text: string) =>
    parseConfigText(main, MAIN, { source: source({ [APP]: text }), env: { VOL: '/mnt' } });
  assert.equal(parseWith(app('stdout_logfile=/mnt/log/a.log')).groups.length, 2);
  assert.throws(() => parseWith(app('stdout_logfile=/etc/x')), { code: 'CONFIG_RESTRICTED' });
  // Unrestricted, the file may change the main file's program, but not point its log outside.
  assert.throws(
    () => parseWith('[program:main]\nstdout_logfile=/etc/x\n'),
    (err) =>
      isModulusError(err) &&
      err.code === 'CONFIG_RESTRICTED' &&
      err.message.startsWith(
        `${APP}:2 [program:main] stdout_logfile: programs from ${APP} log inside /mnt/log;`,
      ),
  );
});

test('program_logdir must be an absolute path', () => {
  const main = `[supervisord]\n[include]\nfiles=${APP}\nprogram_logdir=log\n`;
  assert.throws(
    () => parse('', main),
    (err) =>
      isModulusError(err) &&
      err.code === 'CONFIG_VALUE' &&
      err.message === `${MAIN}:4 [include] program_logdir: expected an absolute directory path, got "log"`,
  );
});
