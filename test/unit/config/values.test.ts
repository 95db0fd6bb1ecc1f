// Fixture tables for the value converters, checked against supervisor's datatypes.py behaviour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v from '../../../src/config/values.js';

function table<T>(name: string, convert: (s: string) => T, good: [string, T][], bad: string[]): void {
  test(`${name} converts`, () => {
    for (const [input, expected] of good)
      assert.deepEqual(convert(input), expected, `input ${JSON.stringify(input)}`);
  });
  test(`${name} rejects, naming the value`, () => {
    for (const input of bad) {
      assert.throws(
        () => convert(input),
        (err: Error) => err.message.includes(JSON.stringify(input)),
        `input ${JSON.stringify(input)}`,
      );
    }
  });
}

table(
  'boolean',
  v.boolean,
  [
    ['true', true],
    ['YES', true],
    ['On', true],
    ['1', true],
    ['false', false],
    ['no', false],
    ['OFF', false],
    ['0', false],
  ],
  ['', 'maybe', '2', 'truee'],
);
table(
  'integer',
  v.integer,
  [
    ['10', 10],
    [' 7 ', 7],
    ['-3', -3],
    ['+4', 4],
    ['1_000', 1000],
  ],
  ['ten', '', '1.5', '1__0', '0x10', '99999999999999999999'],
);
table(
  'nonNegativeInteger',
  v.nonNegativeInteger,
  [
    ['0', 0],
    ['5', 5],
  ],
  ['-1'],
);
table(
  'byteSize',
  v.byteSize,
  [
    ['1024', 1024],
    ['50MB', 52428800],
    ['50mb', 52428800],
    ['1KB', 1024],
    ['2Gb', 2147483648],
    ['0', 0],
    ['1 MB', 1048576],
  ],
  ['50M', 'MB', 'lots', '1.5MB'],
);
table(
  'signalName',
  v.signalName,
  [
    ['TERM', 'TERM'],
    ['SIGTERM', 'TERM'],
    ['sigint', 'INT'],
    ['hup', 'HUP'],
    [' KILL ', 'KILL'],
    ['15', 'TERM'],
    ['9', 'KILL'],
    ['USR2', 'USR2'],
  ],
  ['TERMINATE', 'SIG', '', '999'],
);
table(
  'exitCodes',
  v.exitCodes,
  [
    ['0', [0]],
    ['0,2', [0, 2]],
    [' 1 , 255', [1, 255]],
    ['', []],
  ],
  ['256', '-1', 'a', '0,,2'],
);
table(
  'autoRestart',
  v.autoRestart,
  [
    ['unexpected', 'unexpected'],
    ['UNEXPECTED', 'unexpected'],
    ['true', true],
    ['on', true],
    ['false', false],
    ['0', false],
  ],
  ['always', ''],
);
table(
  'octal',
  v.octal,
  [
    ['022', 0o22],
    ['0o22', 0o22],
    ['777', 0o777],
    ['0', 0],
    [' 002 ', 0o2],
  ],
  ['8', '0x1f', '', 'abc', '-1'],
);
table(
  'logLevel',
  v.logLevel,
  [
    ['info', 'info'],
    ['DEBUG', 'debug'],
    ['blather', 'blather'],
    ['warn', 'warn'],
  ],
  ['warning', 'verbose', ''],
);
table(
  'logfileName',
  v.logfileName,
  [
    ['NONE', { kind: 'none' }],
    ['off', { kind: 'none' }],
    ['Auto', { kind: 'auto' }],
    ['syslog', { kind: 'syslog' }],
    ['/mnt/log/app.log', { kind: 'path', path: '/mnt/log/app.log' }],
  ],
  [''],
);
table(
  'portNumber',
  v.portNumber,
  [
    ['9001', 9001],
    ['1', 1],
    ['65535', 65535],
  ],
  ['0', '65536', 'http'],
);
table(
  'inetAddress',
  v.inetAddress,
  [
    ['127.0.0.1:9001', { host: '127.0.0.1', port: 9001 }],
    ['9001', { host: '0.0.0.0', port: 9001 }],
    ['*:9001', { host: '0.0.0.0', port: 9001 }],
    [':9001', { host: '0.0.0.0', port: 9001 }],
    ['LocalHost:80', { host: 'localhost', port: 80 }],
  ],
  ['127.0.0.1:', 'host:99999', 'nope'],
);
table(
  'listOfStrings',
  v.listOfStrings,
  [
    ['a,b', ['a', 'b']],
    [' a , b ', ['a', 'b']],
    ['', []],
  ],
  [],
);
table(
  'processOrGroupName',
  v.processOrGroupName,
  [
    ['web', 'web'],
    [' web ', 'web'],
    ['a.b-c_1', 'a.b-c_1'],
  ],
  ['a b', 'a:b', 'a/b', ''],
);
