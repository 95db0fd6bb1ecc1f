// The supervisor.* and system.* methods supervisorctl does not reach, through Python's
// xmlrpc.client with supervisor's SupervisorTransport, and a few through our own client; the
// expected values were recorded from Debian's supervisord 4.2.5 on the same config.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRpcClient } from '../../../src/rpc/client.js';
import { RpcFault } from '../../../src/rpc/faults.js';
import { PROGRAMS, ctl, py, pythonClient, startServer } from './servers.js';
import { waitFor } from '../../helpers/wait-for.js';

const BODY = `
[program:web]
command=${PROGRAMS}sleep-forever
startsecs=0

[program:echo]
command=/bin/cat
startsecs=0
redirect_stderr=true

[program:stubborn]
command=${PROGRAMS}ignore-sigterm
startsecs=0
stopwaitsecs=3
autostart=false

[group:pair]
programs=p1,p2

[program:p1]
command=${PROGRAMS}sleep-forever
startsecs=0

[program:p2]
command=${PROGRAMS}sleep-forever
startsecs=0
`;

test('every supervisor.* and system.* method through Python xmlrpc.client, and ours', async (t) => {
  if (!pythonClient(t, '/usr/bin/python3')) return;
  const server = await startServer(t, 'modulus', BODY);
  await waitFor('web RUNNING', async () => /RUNNING/.test((await ctl(server, 'status', 'web')).stdout));
  await waitFor('web ready in its log', async () =>
    (await ctl(server, 'tail', 'web')).stdout.includes('ready'),
  );

  const [versions, state, pid, ident] = await py(
    server,
    `show([p.supervisor.getAPIVersion(), p.supervisor.getVersion(), p.supervisor.getSupervisorVersion()])
show(p.supervisor.getState())
show(p.supervisor.getPID())
show(p.supervisor.getIdentification())`,
  );
  assert.deepEqual(versions, ['3.0', '3.0', '4.2.5']);
  assert.deepEqual(state, { statecode: 1, statename: 'RUNNING' });
  assert.equal(pid, server.pid);
  assert.equal(ident, 'supervisor');

  const info = await py(
    server,
    `show(p.supervisor.getProcessInfo('web'))
show(p.supervisor.getProcessInfo('pair:p1')['description'][:4])
fault(p.supervisor.getProcessInfo, 'nosuch')
fault(p.supervisor.getProcessInfo, 'pair:*')
show(len(p.supervisor.getAllProcessInfo()))
show([c for c in p.supervisor.getAllConfigInfo() if c['name'] == 'echo'][0])`,
  );
  const web = info[0] as Record<string, unknown>;
  assert.equal(web.name, 'web');
  assert.equal(web.group, 'web');
  assert.equal(web.state, 20);
  assert.equal(web.statename, 'RUNNING');
  assert.equal(web.spawnerr, '');
  assert.equal(web.exitstatus, 0);
  assert.equal(web.stop, 0);
  assert.equal(web.logfile, web.stdout_logfile);
  assert.match(String(web.stdout_logfile), /web-stdout---supervisor-.{8}\.log$/);
  assert.match(String(web.description), new RegExp(`^pid ${web.pid as number}, uptime 0:00:\\d\\d$`));
  assert.deepEqual(info.slice(1, 5), [
    'pid ',
    ['fault', 10, 'BAD_NAME: nosuch'],
    ['fault', 10, 'BAD_NAME: pair:*'],
    5,
  ]);
  const echo = info[5] as Record<string, unknown>;
  assert.equal(echo.stderr_logfile, 'none');
  assert.equal(echo.serverurl, 'none');
  assert.equal(echo.directory, 'none');
  assert.equal(echo.uid, 'none');
  assert.equal(echo.stopsignal, 15);
  assert.equal(echo.inuse, true);
  assert.equal(echo.group_prio, 999);
  assert.deepEqual(echo.exitcodes, [0]);

  const logs = await py(
    server,
    `show('ready' in p.supervisor.readProcessStdoutLog('web', 0, 0))
show(p.supervisor.readProcessLog('web', 0, 5))
show(p.supervisor.readProcessStderrLog('web', 0, 0))
fault(p.supervisor.readProcessStdoutLog, 'web', -5, 3)
fault(p.supervisor.readProcessStderrLog, 'echo', 0, 0)
text, offset, overflow = p.supervisor.tailProcessStdoutLog('web', 0, 3)
show([len(text), offset == len(p.supervisor.readProcessLog('web', 0, 0)), overflow])
show(p.supervisor.tailProcessLog('web', 0, 0)[2])
show(p.supervisor.tailProcessStderrLog('echo', 0, 100))
show('supervisord started' in p.supervisor.readLog(0, 0))
fault(p.supervisor.readLog, -5, 3)
show(p.supervisor.readMainLog(-3, 0) != '')
show(p.supervisor.clearLog())
show(p.supervisor.clearProcessLogs('web'))
show(p.supervisor.readProcessStdoutLog('web', 0, 0))
show(p.supervisor.clearProcessLog('web'))
show(p.supervisor.clearAllProcessLogs()[0])`,
  );
  assert.deepEqual(logs, [
    true,
    'ready',
    '',
    ['fault', 3, 'BAD_ARGUMENTS'],
    ['fault', 20, 'NO_FILE'],
    [3, true, true],
    true,
    ['', 0, false],
    true,
    ['fault', 3, 'BAD_ARGUMENTS'],
    true,
    true,
    true,
    '',
    true,
    { name: 'echo', group: 'echo', status: 80, description: 'OK' },
  ]);
  const stdin = await py(
    server,
    `show(p.supervisor.sendProcessStdin('echo', 'hello stdin\\n'))
fault(p.supervisor.sendProcessStdin, 'stubborn', 'x')
fault(p.supervisor.sendProcessStdin, 'nosuch', 'x')`,
  );
  assert.deepEqual(stdin, [true, ['fault', 70, 'NOT_RUNNING: stubborn'], ['fault', 10, 'BAD_NAME: nosuch']]);
  await waitFor('echo writes back what stdin got', async () =>
    ((await py(server, `show(p.supervisor.readProcessStdoutLog('echo', 0, 0))`))[0] as string).includes(
      'hello stdin',
    ),
  );

  const control = await py(
    server,
    `fault(p.supervisor.startProcess, 'web')
fault(p.supervisor.startProcess, 'nosuch:*')
show(p.supervisor.stopProcessGroup('pair'))
show(p.supervisor.startProcessGroup('pair', False))
show(p.supervisor.signalProcessGroup('pair', 'NOPE'))
show(p.supervisor.signalAllProcesses('WINCH'))
fault(p.supervisor.signalProcess, 'web', 'NOPE')
show(p.supervisor.signalProcess('web', 28))
show(p.supervisor.stopProcess('web', False))
fault(p.supervisor.stopProcess, 'stubborn')
show(p.supervisor.startProcess('stubborn', True))
show(p.supervisor.stopAllProcesses())
show(p.supervisor.startAllProcesses())
fault(p.supervisor.startProcess, 'web', True, 'extra')`,
  );
  const sorted = (v: unknown): unknown =>
    (v as { name: string }[]).slice().sort((a, b) => a.name.localeCompare(b.name));
  const ok = (name: string, group = name) => ({ name, group, status: 80, description: 'OK' });
  assert.deepEqual(control[0], ['fault', 60, 'ALREADY_STARTED: web']);
  assert.deepEqual(control[1], ['fault', 10, 'BAD_NAME: nosuch:*']);
  assert.deepEqual(sorted(control[2]), [ok('p1', 'pair'), ok('p2', 'pair')]);
  assert.deepEqual(sorted(control[3]), [ok('p1', 'pair'), ok('p2', 'pair')]);
  assert.deepEqual(sorted(control[4]), [
    { name: 'p1', group: 'pair', status: 11, description: 'BAD_SIGNAL: NOPE' },
    { name: 'p2', group: 'pair', status: 11, description: 'BAD_SIGNAL: NOPE' },
  ]);
  assert.deepEqual(sorted(control[5]), [ok('echo'), ok('p1', 'pair'), ok('p2', 'pair'), ok('web')]);
  assert.deepEqual(control.slice(6, 11), [
    ['fault', 11, 'BAD_SIGNAL: NOPE'],
    true,
    true,
    ['fault', 70, 'NOT_RUNNING: stubborn'],
    true,
  ]);
  assert.deepEqual(sorted(control[11]), [ok('echo'), ok('p1', 'pair'), ok('p2', 'pair'), ok('stubborn')]);
  assert.deepEqual(sorted(control[12]), [
    ok('echo'),
    ok('p1', 'pair'),
    ok('p2', 'pair'),
    ok('stubborn'),
    ok('web'),
  ]);
  assert.deepEqual(control[13], ['fault', 2, 'INCORRECT_PARAMETERS']);

  const config = await py(
    server,
    `show(p.supervisor.reloadConfig())
fault(p.supervisor.addProcessGroup, 'nosuch')
fault(p.supervisor.addProcessGroup, 'web')
fault(p.supervisor.removeProcessGroup, 'web')
fault(p.supervisor.removeProcessGroup, 'nosuch')
show(p.supervisor.sendRemoteCommEvent('kind', 'data'))
names = p.system.listMethods()
show([n for n in names if n.startswith('system.')])
show(sorted(n for n in names if n.startswith('supervisor.')))
show(p.system.methodSignature('supervisor.startProcess'))
show('@return' in p.system.methodHelp('supervisor.getState'))
show(p.system.multicall([{'methodName': 'supervisor.getAPIVersion', 'params': []}, {'methodName': 'supervisor.nope', 'params': []}]))
fault(p.supervisor.nope)`,
  );
  assert.deepEqual(config, [
    [[[], [], []]],
    ['fault', 10, 'BAD_NAME: nosuch'],
    ['fault', 90, 'ALREADY_ADDED: web'],
    ['fault', 91, 'STILL_RUNNING: web'],
    ['fault', 10, 'BAD_NAME: nosuch'],
    true,
    ['system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall'],
    // Exactly the names Debian's supervisord 4.2.5 lists, aliases included.
    [
      'supervisor.addProcessGroup',
      'supervisor.clearAllProcessLogs',
      'supervisor.clearLog',
      'supervisor.clearProcessLog',
      'supervisor.clearProcessLogs',
      'supervisor.getAPIVersion',
      'supervisor.getAllConfigInfo',
      'supervisor.getAllProcessInfo',
      'supervisor.getIdentification',
      'supervisor.getPID',
      'supervisor.getProcessInfo',
      'supervisor.getState',
      'supervisor.getSupervisorVersion',
      'supervisor.getVersion',
      'supervisor.readLog',
      'supervisor.readMainLog',
      'supervisor.readProcessLog',
      'supervisor.readProcessStderrLog',
      'supervisor.readProcessStdoutLog',
      'supervisor.reloadConfig',
      'supervisor.removeProcessGroup',
      'supervisor.restart',
      'supervisor.sendProcessStdin',
      'supervisor.sendRemoteCommEvent',
      'supervisor.shutdown',
      'supervisor.signalAllProcesses',
      'supervisor.signalProcess',
      'supervisor.signalProcessGroup',
      'supervisor.startAllProcesses',
      'supervisor.startProcess',
      'supervisor.startProcessGroup',
      'supervisor.stopAllProcesses',
      'supervisor.stopProcess',
      'supervisor.stopProcessGroup',
      'supervisor.tailProcessLog',
      'supervisor.tailProcessStderrLog',
      'supervisor.tailProcessStdoutLog',
    ],
    ['boolean', 'string', 'boolean'],
    true,
    ['3.0', { faultCode: 1, faultString: 'UNKNOWN_METHOD' }],
    ['fault', 1, 'UNKNOWN_METHOD'],
  ]);

  // Our own client: calls, faults, and the /logtail stream.
  const client = createRpcClient(`unix://${server.socket}`);
  t.after(() => client.close());
  assert.deepEqual(await client.call('supervisor.getState'), { statecode: 1, statename: 'RUNNING' });
  await assert.rejects(client.call('supervisor.startProcess', ['web']), (err: unknown) => {
    assert.ok(err instanceof RpcFault);
    assert.equal(err.faultCode, 60);
    assert.equal(err.faultString, 'ALREADY_STARTED: web');
    return true;
  });
  const all = (await client.call('supervisor.getAllProcessInfo')) as { name: string }[];
  assert.deepEqual(
    all.map((p) => p.name),
    ['echo', 'p1', 'p2', 'stubborn', 'web'],
  );
  const controller = new AbortController();
  const res = await client.get('/logtail/web', controller.signal);
  const first = await new Promise<string>((resolve) =>
    res.once('data', (d: Buffer) => resolve(d.toString())),
  );
  assert.match(first, /ready \d+/);
  controller.abort();
  res.destroy();

  // While the supervisor stops, every method but sendRemoteCommEvent is refused with SHUTDOWN_STATE.
  const stopping = await py(
    server,
    `show(p.supervisor.shutdown())
fault(p.supervisor.getState)
fault(p.supervisor.sendRemoteCommEvent, 'kind', 'data')`,
  );
  assert.deepEqual(stopping, [true, ['fault', 6, 'SHUTDOWN_STATE'], ['ok', true]]);
  await server.exited;
});
