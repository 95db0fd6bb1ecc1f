import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfigText } from '../../../src/config/parse.js';
import { isModulusError } from '../../../src/errors/modulus-error.js';
import { appEnvironment, renderAppConf, type EnvPair } from '../../../src/host/app-conf.js';
import { seededRandom } from '../../helpers/prng.js';

const BODY = `[program:app]
command=start
directory=/mnt/app
user=mop
autostart=true
autorestart=true
exitcodes=
crashloop_backoff=true
startsecs=1
stopwaitsecs=10
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile=/mnt/log/app.log
stdout_logfile_maxbytes=50MB
stdout_logfile_backups=10
environment=HOME="/mnt/home",TMPDIR="/mnt/tmp",TEMP_DIR="/mnt/tmp",TMP_DIR="/mnt/tmp",APP_STORAGE="/mnt/app-storage",PORT="8080",KEY="value"
`;

/** The environment the parser gives [program:app] for text. */
function envOf(text: string): Record<string, string> {
  const config = parseConfigText(`[supervisord]\n${text}`, '/v/supervisor.conf', { env: {}, hostname: 'h' });
  const proc = config.groups.find((g) => g.name === 'app')!.processes[0]!;
  return { ...proc.environment };
}

test('renders the documented supervisor.conf after a header comment', () => {
  const text = renderAppConf({ port: 8080, env: [['KEY', 'value']] });
  const lines = text.split('\n');
  const header = lines.filter((l) => l.startsWith(';'));
  assert.ok(header.length >= 1 && header.some((l) => l.includes('modulus config')));
  assert.equal(lines.slice(header.length).join('\n'), BODY);
});

test('no PORT without a port; user=null leaves user= out; --mnt moves every path', () => {
  const text = renderAppConf({ mnt: '/vol/x/', user: null });
  assert.doesNotMatch(text, /PORT|^user=/m);
  assert.match(text, /^directory=\/vol\/x\/app$/m);
  assert.match(text, /^stdout_logfile=\/vol\/x\/log\/app\.log$/m);
  assert.deepEqual(envOf(text), {
    HOME: '/vol/x/home',
    TMPDIR: '/vol/x/tmp',
    TEMP_DIR: '/vol/x/tmp',
    TMP_DIR: '/vol/x/tmp',
    APP_STORAGE: '/vol/x/app-storage',
  });
});

test('later duplicates win, including over HOME and PORT', () => {
  const env = appEnvironment({
    port: 1,
    env: [
      ['A', '1'],
      ['PORT', '2'],
      ['A', '3'],
      ['HOME', '/h'],
    ],
  });
  assert.deepEqual(
    [...env],
    [
      ['HOME', '/h'],
      ['TMPDIR', '/mnt/tmp'],
      ['TEMP_DIR', '/mnt/tmp'],
      ['TMP_DIR', '/mnt/tmp'],
      ['APP_STORAGE', '/mnt/app-storage'],
      ['PORT', '2'],
      ['A', '3'],
    ],
  );
});

const TRICKY: Array<[string, string]> = [
  ['comma', 'a,b,c'],
  ['double quotes', 'say "hi" now'],
  ['single quote', "it's"],
  ['both quotes in a word', `a'b"c`],
  ['percent', '100% %(ENV_HOME)s %%'],
  ['equals', 'a=b=c'],
  ['spaces', 'a b  c'],
  ['inline comment ;', 'x ;y'],
  ['inline comment #', 'x #y'],
  ['leading ; and #', ';x#y'],
  ['newline', 'line1\nline2'],
  ['newline then spaces', 'a\n   indented'],
  ['newline then ;', 'a\n;b'],
  ['blank lines', 'a\n\n\nb'],
  ['ends with newline', 'a\n'],
  ['tab', 'a\tb'],
  ['unicode', 'héllo wörld ✓'],
  ['emoji', '🚀 ok 😀'],
  ['backslashes', 'C:\\path\\to\\ \\n'],
  ['trailing space', 'value '],
  ['leading space', ' value'],
  ['only spaces', '   '],
  ['empty', ''],
  ['line separator', 'a\u2028b'],
  ['shlex comment mark', 'a#b'],
  ['json', '{"a":[1,2],"b":"c, d"}'],
];

for (const [name, value] of TRICKY) {
  test(`an environment value reaches the app exactly: ${name}`, () => {
    const text = renderAppConf({ env: [['V', value]] });
    assert.equal(envOf(text).V, value);
  });
}

test('all the tricky values at once', () => {
  const env: EnvPair[] = TRICKY.map(([, value], i) => [`V${i}`, value]);
  const got = envOf(renderAppConf({ env }));
  for (const [name, value] of env) assert.equal(got[name], value, name);
});

const REFUSED: Array<[string, string, RegExp]> = [
  ['NUL', 'a\0b', /NUL/],
  ['carriage return', 'a\r\nb', /carriage return/],
  ['lone surrogate', 'a\ud800', /surrogate/],
  ['starts with a quote', '"quoted"', /starts with a quote/],
  ['ends with a quote', "x'", /ends with a quote/],
  ['both quotes and a space', `it's "x" y`, /both ' and "/],
];

for (const [name, value, why] of REFUSED) {
  test(`refused with the key and the reason, not altered: ${name}`, () => {
    assert.throws(
      () => renderAppConf({ env: [['SECRET_KEY', value]] }),
      (err: unknown) => {
        assert.ok(isModulusError(err));
        assert.equal(err.code, 'CONF_UNREPRESENTABLE');
        assert.match(err.message, /environment SECRET_KEY/);
        assert.match(err.message, why);
        return true;
      },
    );
  });
}

test('bad names and options are refused with their codes', () => {
  for (const name of ['1A', 'A-B', 'A B', '', 'É']) {
    assert.throws(() => renderAppConf({ env: [[name, 'v']] }), { code: 'CONF_ENV_NAME' }, name);
  }
  assert.throws(() => renderAppConf({ mnt: 'relative' }), { code: 'CONF_OPTION' });
  assert.throws(() => renderAppConf({ port: 0 }), { code: 'CONF_OPTION' });
  assert.throws(() => renderAppConf({ logMaxBytes: 'lots' }), { code: 'CONF_OPTION' });
  assert.throws(() => renderAppConf({ logBackups: -1 }), { code: 'CONF_OPTION' });
  assert.throws(() => renderAppConf({ command: ' ' }), { code: 'CONF_OPTION' });
  assert.throws(() => renderAppConf({ command: 'a\nb' }), { code: 'CONF_UNREPRESENTABLE' });
});

test('command, paths and user with % and comment markers read back exactly', () => {
  const config = parseConfigText(
    `[supervisord]\n${renderAppConf({ command: 'run 100% ;now #x ', mnt: '/v 1/%d', user: 'a%b' })}`,
    '/v/supervisor.conf',
    { env: {}, hostname: 'h' },
  );
  const proc = config.groups[0]!.processes[0]!;
  assert.equal(proc.command, 'run 100% ;now #x ');
  assert.equal(proc.directory, '/v 1/%d/app');
  assert.equal(proc.user, 'a%b');
  assert.equal(proc.stdout.logfile, '/v 1/%d/log/app.log');
});

// The oracle for the property test: the only values the dialect cannot carry.
function representable(value: string): boolean {
  if (/[\0\r]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value))
    return false;
  if (/^['"]|['"]$/.test(value)) return false;
  if (value.includes('"') && value.includes("'")) return /^[A-Za-z0-9_/.+\-():'"]*$/.test(value);
  return true;
}

const ALPHABET = [
  ...' \t\n;#%()s"\',=\\aZ0_:/.-[]',
  'é',
  '😀',
  '\u2028',
  '\u00a0',
  '\x1c',
  '\x85',
  '\ufeff',
  '%(program_name)s',
  '%%',
];
// Characters no value may hold: drawn rarely, so that most cases test what is accepted.
const RARE = ['\0', '\r', '\ud800', '\udc00'];

function randomValue(random: () => number): string {
  const length = Math.floor(random() * 12);
  let s = '';
  for (let i = 0; i < length; i++) {
    const pool = random() < 0.01 ? RARE : ALPHABET;
    s += pool[Math.floor(random() * pool.length)];
  }
  return s;
}

test('property: every accepted value round-trips exactly, every refused one is refused with the code', () => {
  const random = seededRandom(0x5eed);
  let accepted = 0;
  for (let i = 0; i < 4000; i++) {
    const count = 1 + Math.floor(random() * 3);
    const env: EnvPair[] = Array.from({ length: count }, (_, j) => [`K${j}`, randomValue(random)]);
    const ok = env.every(([, v]) => representable(v));
    let text: string;
    try {
      text = renderAppConf({ env });
    } catch (err) {
      assert.ok(isModulusError(err), `case ${i}: ${String(err)}`);
      assert.equal(err.code, 'CONF_UNREPRESENTABLE', `case ${i}`);
      assert.equal(ok, false, `case ${i}: refused a representable value: ${JSON.stringify(env)}`);
      continue;
    }
    assert.equal(ok, true, `case ${i}: accepted ${JSON.stringify(env)}`);
    const got = envOf(text);
    for (const [name, value] of env)
      assert.equal(got[name], value, `case ${i} ${name}: ${JSON.stringify(value)}`);
    accepted++;
  }
  assert.ok(accepted > 2000, `only ${accepted} of 4000 cases were representable`);
});
