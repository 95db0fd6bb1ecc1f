// crash, fatal, spawn-error and log-loss notifications from `modulus notify` running unchanged as an
// event listener under Debian's supervisord 4.2.5 (completed over XML-RPC) and under ours (exact), and
// from the notifier inside our supervisor ([modulus:notify]), which writes the same records.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { FLAVOURS, requireDebianSupervisord, startWithNotifier } from './notify-harness.js';

const SCHEMA = fileURLToPath(new URL('../../../../schema/notification.schema.json', import.meta.url));

function assertValid(record: unknown): void {
  const Ajv = createRequire(import.meta.url)('ajv') as new (o: object) => {
    compile(s: unknown): ((v: unknown) => boolean) & { errors?: unknown };
  };
  const validate = new Ajv({ allErrors: true }).compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
  assert.ok(validate(record), JSON.stringify(validate.errors));
}

const UNDER = {
  debian: "under Debian's supervisord",
  modulus: 'under our supervisor',
  'in-process': 'inside our supervisor',
};

for (const flavour of FLAVOURS) {
  test(`crash, spawn-error and fatal ${UNDER[flavour]}`, async (t) => {
    if (flavour === 'debian' && !requireDebianSupervisord(t)) return;
    const h = await startWithNotifier(
      t,
      `[program:crasher]
command=sh -c 'echo starting; echo oops >&2; echo last words; sleep 1.5; exit 3'
startsecs=1
autorestart=false

[program:missing]
command=/nonexistent/modulus-test-command
startretries=1

[program:quitter]
command=sh -c 'echo too soon; exit 4'
startsecs=5
startretries=0
`,
      { notifyArgs: '--coalesce-secs 30', flavour },
    );
    const crash = await h.waitForRecord(
      'a crash record',
      (r) => r.type === 'crash' && r.program === 'crasher',
    );
    assert.equal(crash.supervisor, flavour === 'debian' ? 'supervisord' : 'modulus');
    assert.deepEqual(crash.exit, { code: 3, signal: null });
    assert.equal(crash.expected, false);
    assert.ok(
      crash.uptimeSeconds !== null && crash.uptimeSeconds >= 1.4 && crash.uptimeSeconds < 5,
      String(crash.uptimeSeconds),
    );
    assert.deepEqual(crash.output.stdout, ['starting', 'last words']);
    assert.deepEqual(crash.output.stderr, ['oops']);
    assert.ok(crash.pid !== null && crash.pid > 0);
    // supervisord's events and API do not tell how often a program was started; ours does.
    assert.deepEqual(crash.unknown, flavour === 'debian' ? ['restarts'] : []);
    assert.equal(crash.restarts, flavour === 'debian' ? null : 0);
    assert.match(crash.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const spawn = await h.waitForRecord('a spawn-error record', (r) => r.type === 'spawn-error');
    assert.equal(spawn.program, 'missing');
    assert.match(spawn.spawnError ?? '', /can't find command/);
    assert.deepEqual(spawn.exit, { code: null, signal: null });

    const fatal = await h.waitForRecord(
      'a fatal record for missing',
      (r) => r.type === 'fatal' && r.program === 'missing',
    );
    assert.match(fatal.spawnError ?? '', /can't find command/);
    const quitter = await h.waitForRecord(
      'a fatal record for quitter',
      (r) => r.type === 'fatal' && r.program === 'quitter',
    );
    assert.match(quitter.spawnError ?? '', /Exited too quickly/);
    assert.deepEqual(quitter.output.stdout, ['too soon']);
    for (const { record } of h.records()) assertValid(record);
  });
}

for (const flavour of FLAVOURS) {
  test(`a log loss sent as REMOTE_COMMUNICATION becomes a log-loss record (${flavour})`, async (t) => {
    if (flavour === 'debian' && !requireDebianSupervisord(t)) return;
    const h = await startWithNotifier(t, '', { events: 'PROCESS_STATE,REMOTE_COMMUNICATION', flavour });
    const loss = {
      program: 'web',
      group: 'web',
      path: '/mnt/log/app.log',
      bytes: 12345,
      since: '2026-11-29T10:00:00.000Z',
      until: '2026-11-29T10:00:09.000Z',
      error: 'ENOSPC',
      message: 'no space left on device',
    };
    await h.rpc().call('supervisor.sendRemoteCommEvent', ['modulus-log-loss', JSON.stringify(loss)]);
    const record = await h.waitForRecord('a log-loss record', (r) => r.type === 'log-loss');
    const { program, group, ...facts } = loss;
    assert.deepEqual([record.program, record.group, record.logLoss], [program, group, facts]);
    assertValid(record);
  });

  test(`a hostile notifications directory: planted links are removed by the cap, never followed (${flavour})`, async (t) => {
    if (flavour === 'debian' && !requireDebianSupervisord(t)) return;
    const root = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'modulus-notify-hostile-'));
    t.after(() => fs.rmSync(root, { recursive: true, force: true }));
    const dir = path.join(root, 'notifications');
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777);
    fs.chownSync(dir, 65534, 65534); // the app user's directory
    const secret = path.join(root, 'secret');
    fs.writeFileSync(secret, 'root only\n');
    // Old names sort first, so the count cap removes them before anything of ours.
    const planted = ['20000101T000000.000Z-000001-1.crash.json', '20000101T000000.001Z-000002-1.oom.json'];
    for (const name of planted) fs.symlinkSync(secret, path.join(dir, name));
    fs.symlinkSync(path.join(root, 'elsewhere'), path.join(dir, '.tmp-1-1-00000000.json'));
    const h = await startWithNotifier(
      t,
      `[program:crasher]
command=sh -c 'sleep 1.2; exit 9'
startsecs=1
autorestart=false
`,
      { notificationsDir: dir, notifyArgs: '--max-files 2', flavour },
    );
    const crash = await h.waitForRecord('a crash record', (r) => r.type === 'crash');
    assert.equal(fs.readFileSync(secret, 'utf8'), 'root only\n');
    assert.equal(
      fs.existsSync(path.join(root, 'elsewhere')),
      false,
      'nothing was written through the planted temp link',
    );
    const ours = fs.readdirSync(dir).filter((n) => !n.startsWith('.'));
    assert.equal(ours.length, 2, ours.join(' '));
    assert.ok(
      ours.includes(planted[1]!) && !ours.includes(planted[0]!),
      'the oldest planted name went first',
    );
    assert.ok(fs.lstatSync(path.join(dir, planted[1]!)).isSymbolicLink());
    assert.equal(crash.dropped, 1);
    const mine = ours.find((n) => !planted.includes(n))!;
    assert.ok(fs.lstatSync(path.join(dir, mine)).isFile());
    assert.equal(fs.statSync(path.join(dir, mine)).uid, 0);
  });
}

test("Debian's supervisord loads a config with [modulus:notify] and ignores it; its listener still writes", async (t) => {
  if (!requireDebianSupervisord(t)) return;
  const unused = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'modulus-notify-unused-'));
  t.after(() => fs.rmSync(unused, { recursive: true, force: true }));
  const h = await startWithNotifier(
    t,
    `[modulus:notify]
dir=${unused}
coalesce_secs=0

[program:crasher]
command=sh -c 'sleep 1.2; exit 7'
startsecs=1
autorestart=false
`,
    { flavour: 'debian' },
  );
  const crash = await h.waitForRecord('a crash record', (r) => r.type === 'crash');
  assert.deepEqual(crash.exit, { code: 7, signal: null });
  assert.equal(h.records().length, 1);
  assert.deepEqual(fs.readdirSync(unused), [], 'supervisord runs no notifier of its own');
});
