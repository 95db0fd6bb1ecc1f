// The environment `modulus config` writes reaches the app byte for byte: a conf generated with
// tricky values is included by our real supervisord, the app dumps its environment into
// log/app.log, and each value is compared. Debian's supervisord reads the same file the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireDebianSupervisor } from '../../helpers/require-tool.js';
import { runCli } from '../../helpers/run-cli.js';
import { PROGRAMS, startSupervisord } from '../../helpers/supervisord.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const TRICKY: Record<string, string> = {
  COMMA: 'a,b,c',
  DOUBLE_QUOTES: 'say "hi" now',
  SINGLE_QUOTE: "it's fine",
  PERCENT: '100% %(ENV_HOME)s %% %d',
  EQUALS: 'k=v=w',
  SPACES: 'a b   c',
  SEMICOLON_COMMENT: 'before ;x',
  HASH_COMMENT: 'before #x',
  NEWLINE: 'line one\nline two',
  NEWLINE_INDENT: 'a\n   indented\n;not a comment\n#nor this',
  BLANK_LINES: 'a\n\n\nb',
  TAB: 'col1\tcol2',
  UNICODE: 'héllo wörld ✓ 日本',
  EMOJI: '🚀😀',
  BACKSLASHES: 'C:\\dir\\file \\n \\\\',
  TRAILING_SPACE: 'trailing ',
  LEADING_SPACE: '  leading',
  EMPTY: '',
  JSON: '{"a":[1,2],"b":"c, d"}',
};

/** env -0 output (print-env) up to its "ready" line, as a map. */
function parseEnvDump(log: string): Map<string, string> {
  const end = log.lastIndexOf('\0');
  const env = new Map<string, string>();
  for (const entry of log.slice(0, end).split('\0')) {
    const at = entry.indexOf('=');
    env.set(entry.slice(0, at), entry.slice(at + 1));
  }
  return env;
}

async function generate(t: Parameters<typeof tempDir>[0]): Promise<{ mnt: string; conf: string }> {
  const mnt = tempDir(t);
  for (const dir of ['app', 'log', 'home', 'tmp']) mkdirSync(join(mnt, dir));
  const envFile = join(mnt, 'extra.env');
  writeFileSync(
    envFile,
    '# from a file, taken literally\nFROM_FILE=kept "quoted, as written" ;x\nCOMMA=overridden by --env\n',
  );
  const args = [
    'config',
    '--mnt',
    mnt,
    '--no-user',
    '--command',
    join(PROGRAMS, 'print-env'),
    '--port',
    '8080',
  ];
  args.push('--env-file', envFile);
  for (const [name, value] of Object.entries(TRICKY)) args.push('--env', `${name}=${value}`);
  const conf = join(mnt, 'supervisor.conf');
  const r = await runCli([...args, '-o', conf]);
  assert.equal(r.code, 0, r.stderr);
  return { mnt, conf };
}

function expected(mnt: string): Record<string, string> {
  return {
    HOME: join(mnt, 'home'),
    TMPDIR: join(mnt, 'tmp'),
    TEMP_DIR: join(mnt, 'tmp'),
    TMP_DIR: join(mnt, 'tmp'),
    APP_STORAGE: join(mnt, 'app-storage'),
    PORT: '8080',
    FROM_FILE: 'kept "quoted, as written" ;x',
    ...TRICKY,
  };
}

test('every tricky value reaches the app under our supervisord byte for byte', async (t) => {
  const { mnt, conf } = await generate(t);
  const sup = await startSupervisord(t, `[include]\nfiles=${conf}\n`);
  const appLog = join(mnt, 'log', 'app.log');
  const log = await waitFor(
    `print-env's "ready" line in ${appLog}`,
    () => {
      try {
        const text = readFileSync(appLog, 'utf8');
        return /\nready \d+\n/.test(text) ? text : undefined;
      } catch {
        return undefined;
      }
    },
    { timeoutMs: 15_000 },
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n--- supervisord ---\n${sup.output()}`);
  });
  const env = parseEnvDump(log);
  for (const [name, value] of Object.entries(expected(mnt))) {
    assert.equal(
      env.get(name),
      value,
      `${name}: ${JSON.stringify(env.get(name))} != ${JSON.stringify(value)}`,
    );
  }
});

test("Debian's supervisord reads the generated file to the same environment", async (t) => {
  if (!requireDebianSupervisor(t)) return;
  {
    const { mnt, conf } = await generate(t);
    const script = [
      'import json, sys',
      'from supervisor.options import ServerOptions',
      'o = ServerOptions()',
      'o.realize(args=["-c", sys.argv[1]])',
      'print(json.dumps(o.process_group_configs[0].process_configs[0].environment))',
    ].join('\n');
    const main = join(mnt, 'supervisord.conf');
    writeFileSync(main, `[supervisord]\nlogfile=${join(mnt, 'sd.log')}\n[include]\nfiles=${conf}\n`);
    const r = spawnSync('/usr/bin/python3', ['-c', script, main], {
      encoding: 'utf8',
      env: { PATH: '/usr/bin:/bin' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), expected(mnt));
  }
});

test('a value the dialect cannot carry is refused, naming the key, and nothing is written', async (t) => {
  const dir = tempDir(t);
  const conf = join(dir, 'supervisor.conf');
  const r = await runCli(['config', '--env', `API_TOKEN=it's "secret" here`, '-o', conf]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /environment API_TOKEN: cannot be written into supervisor\.conf exactly/);
  assert.doesNotMatch(r.stderr, /secret/, 'the value itself is not printed');
  assert.throws(() => readFileSync(conf));
});
