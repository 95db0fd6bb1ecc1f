import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Controller, describeError, parseLine, pythonRepr, type CtlIo } from '../../../src/ctl/controller.js';
import { COMMANDS } from '../../../src/ctl/command-table.js';
import { RpcFault } from '../../../src/rpc/faults.js';
import { RpcHttpError } from '../../../src/rpc/client.js';
import { ModulusError } from '../../../src/errors/modulus-error.js';

function fakeIo(lines: string[] = []): CtlIo & { out: string } {
  const io = {
    out: '',
    write: (t: string | Uint8Array) => void (io.out += String(t)),
    writeError: () => {},
    readLine: async () => lines.shift() ?? null,
    onInterrupt: () => () => {},
  };
  return io;
}

const options = () => ({
  serverurl: 'unix:///nonexistent/modulus-test.sock',
  username: null,
  password: null,
  prompt: 'supervisor',
  historyFile: null,
  interactive: false,
});

test('lines parse as Python cmd parses them', () => {
  const rows: [string, ReturnType<typeof parseLine>][] = [
    ['  status web  ', { command: 'status', arg: 'web', line: 'status web' }],
    ['?', { command: 'help', arg: '', line: 'help ' }],
    ['?start', { command: 'help', arg: 'start', line: 'help start' }],
    ['start-x', { command: 'start', arg: '-x', line: 'start-x' }],
    ['! ls', { command: null, arg: ' ls', line: '! ls' }],
    ['', { command: null, arg: '', line: '' }],
  ];
  for (const [input, expected] of rows) assert.deepEqual(parseLine(input), expected, input);
});

test('unexpected errors print as supervisorctl prints them', () => {
  assert.equal(
    describeError(new RpcFault(10, 'foo')),
    `error: <class 'xmlrpc.client.Fault'>, <Fault 10: 'BAD_NAME: foo'>`,
  );
  assert.equal(
    describeError(new RpcHttpError(500, 'x')),
    `error: <class 'xmlrpc.client.ProtocolError'>, <ProtocolError for 127.0.0.1/RPC2: 500 Internal Server Error>`,
  );
  const refused = new ModulusError('RPC_UNREACHABLE', 'x', {
    cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
  });
  assert.equal(
    describeError(refused),
    `error: <class 'ConnectionRefusedError'>, [Errno 111] Connection refused`,
  );
  assert.equal(pythonRepr("it's"), `"it's"`);
  assert.equal(pythonRepr('a\nb'), `'a\\nb'`);
});

test('unknown commands, help, and an absent server give supervisorctl output and exit codes', async () => {
  const io = fakeIo();
  const ctl = new Controller(options(), io, COMMANDS);
  await ctl.onecmd('bogus thing');
  assert.equal(io.out, '*** Unknown syntax: bogus thing\n');
  assert.equal(ctl.exitStatus, 1);

  const status = new Controller(options(), fakeIo(), COMMANDS);
  await status.onecmd('status');
  assert.equal(status.exitStatus, 4);
  assert.equal(
    (status.io as ReturnType<typeof fakeIo>).out,
    'unix:///nonexistent/modulus-test.sock no such file\n',
  );

  const start = new Controller(options(), fakeIo(), COMMANDS);
  await start.onecmd('start web');
  assert.equal(start.exitStatus, 7);

  const help = new Controller(options(), fakeIo(), COMMANDS);
  await help.onecmd('help');
  assert.match(
    (help.io as ReturnType<typeof fakeIo>).out,
    /^\ndefault commands \(type help <topic>\):\n=+\nadd {4}exit/,
  );
  assert.equal(await help.onecmd('quit'), 'exit');
});

test('interactive shutdown asks first and does nothing without a yes', async () => {
  const io = fakeIo(['n']);
  const ctl = new Controller({ ...options(), interactive: true }, io, COMMANDS);
  await ctl.onecmd('shutdown');
  assert.equal(io.out, '');
  assert.equal(ctl.exitStatus, 0);
});
