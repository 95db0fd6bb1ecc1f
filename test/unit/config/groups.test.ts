// Group assembly: [group:g] membership, homogeneous groups, listener pools, order and collisions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/parse.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';

const FILE = '/etc/sv.conf';
const parse = (text: string) => parseConfigText(`[supervisord]\n${text}`, FILE);

function fails(text: string, code: string, line: number): void {
  assert.throws(
    () => parse(text),
    (err) => isModulusError(err) && err.code === code && err.message.startsWith(`${FILE}:${line} `),
    text,
  );
}

test('a [group:g] claims its programs; others are groups of their own; sorted by priority then name', () => {
  const config = parse(
    '[program:b]\ncommand=b\npriority=10\n[program:a]\ncommand=a\npriority=20\n[program:solo]\ncommand=s\npriority=1\n' +
      '[group:g]\nprograms=a, b\npriority=5\n[program:z]\ncommand=z\npriority=5\n[eventlistener:ev]\ncommand=l\nevents=TICK_5',
  );
  assert.deepEqual(
    config.groups.map((g) => [g.name, g.priority, g.kind, g.processes.map((p) => `${p.group}:${p.name}`)]),
    [
      ['ev', -1, 'eventlistener', ['ev:ev']],
      ['solo', 1, 'process', ['solo:solo']],
      ['g', 5, 'process', ['g:b', 'g:a']],
      ['z', 5, 'process', ['z:z']],
    ],
  );
});

test('a listener process defaults to priority 999; only its pool (the group) defaults to -1', () => {
  const config = parse(
    '[eventlistener:ev]\ncommand=l\nevents=TICK_5\nnumprocs=2\nprocess_name=%(process_num)s',
  );
  assert.equal(config.groups[0]?.priority, -1);
  assert.deepEqual(
    config.groups[0]?.processes.map((p) => p.priority),
    [999, 999],
  );
  const set = parse('[eventlistener:ev]\ncommand=l\nevents=TICK_5\npriority=7');
  assert.equal(set.groups[0]?.priority, 7);
  assert.equal(set.groups[0]?.processes[0]?.priority, 7);
});

test('group_name expands to the heterogeneous group', () => {
  const config = parse('[program:a]\ncommand=run %(group_name)s %(program_name)s\n[group:g]\nprograms=a');
  assert.equal(config.groups[0]?.processes[0]?.command, 'run g a');
});

test('eventlistener pools carry events, buffer_size and the result handler', () => {
  const config = parse(
    '[eventlistener:n]\ncommand=l\nevents=process_state, PROCESS_STATE,TICK_60\nbuffer_size=3',
  );
  assert.deepEqual(config.groups[0]?.pool, {
    events: ['PROCESS_STATE', 'TICK_60'],
    bufferSize: 3,
    resultHandler: 'supervisor.dispatchers:default_handler',
  });
});

test('listener stdout capture is ignored with a warning', () => {
  const config = parse('[eventlistener:n]\ncommand=l\nevents=TICK_5\nstdout_capture_maxbytes=1MB');
  assert.equal(config.groups[0]?.processes[0]?.stdout.captureMaxbytes, 0);
  assert.match(config.warnings.map((w) => w.message).join('\n'), /stdout_capture_maxbytes: ignored/);
});

test('group and listener mistakes are located errors', () => {
  fails('[group:g]\nprograms=nope', 'CONFIG_SECTION', 3);
  fails('[eventlistener:n]\ncommand=l', 'CONFIG_MISSING_KEY', 2);
  fails('[eventlistener:n]\ncommand=l\nevents=BOGUS', 'CONFIG_VALUE', 4);
  fails('[eventlistener:n]\ncommand=l\nevents=TICK_5\nbuffer_size=0', 'CONFIG_VALUE', 5);
  fails('[eventlistener:n]\ncommand=l\nevents=TICK_5\nredirect_stderr=true', 'CONFIG_VALUE', 5);
  fails('[eventlistener:n]\ncommand=l\nevents=TICK_5\nresult_handler=my:handler', 'CONFIG_UNSUPPORTED', 5);
  fails('[program:a b]\ncommand=x', 'CONFIG_SECTION', 2);
});

test('name collisions are refused', () => {
  fails(
    '[program:web]\ncommand=x\n[eventlistener:web]\ncommand=l\nevents=TICK_5',
    'CONFIG_NAME_COLLISION',
    4,
  );
  fails(
    '[program:a]\ncommand=x\nprocess_name=p\n[program:b]\ncommand=y\nprocess_name=p\n[group:g]\nprograms=a,b',
    'CONFIG_NAME_COLLISION',
    7,
  );
  fails('[program:a]\ncommand=x\n[group:a]\nprograms=', 'CONFIG_NAME_COLLISION', 2);
});
