// Program output as supervisord writes it, and better: rotation at line boundaries with
// nothing lost, timestamps, AUTO files and their cleanup, strip_ansi, and planted links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROGRAMS, startSupervisord } from '../../helpers/supervisord.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

const prog = (name: string): string => join(PROGRAMS, name);

function expectedLines(count: number, width: number): string {
  let out = '';
  for (let i = 0; i < count; i++) {
    const head = `line ${i} `;
    out += head + 'x'.repeat(Math.max(0, width - head.length - 1)) + '\n';
  }
  return out;
}

test('rotation keeps every byte, in order, and cuts only between lines', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:spew]\ncommand=${prog('spew-lines')} 2000 77\nstartsecs=0\nautorestart=false\n` +
      `stdout_logfile=%(here)s/app.log\nstdout_logfile_maxbytes=10KB\nstdout_logfile_backups=50\n`,
  );
  await sd.waitForLine(/exited: spew \(exit status 0; expected\)/);
  assert.equal(await sd.stop(), 0);
  const files = readdirSync(sd.dir).filter((f) => /^app\.log(\.\d+)?$/.test(f));
  const ordered = files.sort((a, b) => Number(b.split('.')[2] ?? 0) - Number(a.split('.')[2] ?? 0));
  const contents = ordered.map((f) => readFileSync(join(sd.dir, f), 'utf8'));
  assert.equal(contents.join(''), expectedLines(2000, 77));
  assert.ok(files.length >= 14, `rotated ${files.length} times`);
  for (const [i, text] of contents.entries()) {
    assert.ok(text.length <= 10 * 1024, `${ordered[i]} is within maxbytes (${text.length})`);
    assert.ok(text.endsWith('\n'), `${ordered[i]} ends at a line boundary`);
  }
});

test('stdout_logfile_timestamps prefixes each line with an ISO-8601 UTC time', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:stamped]\ncommand=/bin/sh -c 'echo one; echo two'\nstartsecs=0\nautorestart=false\nstdout_logfile=%(here)s/s.log\nstdout_logfile_timestamps=true\n`,
  );
  await sd.waitForLine(/exited: stamped/);
  assert.equal(await sd.stop(), 0);
  const lines = readFileSync(join(sd.dir, 's.log'), 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 2);
  for (const [i, word] of ['one', 'two'].entries()) {
    assert.match(lines[i]!, new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ${word}$`));
  }
});

test('AUTO logs are created in childlogdir and removed at shutdown; -k keeps them', async (t) => {
  for (const keep of [false, true]) {
    const sd = await startSupervisord(
      t,
      `[program:auto]\ncommand=/bin/sh -c 'echo hi; sleep 30'\nstartsecs=0\n`,
      {
        args: keep ? ['-k'] : [],
      },
    );
    const autoFile = await waitFor('the AUTO stdout file', () =>
      readdirSync(sd.dir).find((f) => /^auto-stdout---supervisor-.{8}\.log$/.test(f)),
    );
    await waitFor('its content', () => readFileSync(join(sd.dir, autoFile), 'utf8') === 'hi\n');
    assert.equal(await sd.stop(), 0);
    assert.equal(existsSync(join(sd.dir, autoFile)), keep, keep ? 'kept with -k' : 'removed at shutdown');
  }
});

test('strip_ansi removes terminal escapes from logged output', async (t) => {
  const sd = await startSupervisord(
    t,
    `[program:color]\ncommand=/usr/bin/printf '\\033[31mred\\033[0m plain\\n'\nstartsecs=0\nautorestart=false\nstdout_logfile=%(here)s/c.log\n`,
    { extra: 'strip_ansi=true' },
  );
  await sd.waitForLine(/exited: color/);
  await waitFor('the stripped line', () => readFileSync(join(sd.dir, 'c.log'), 'utf8') === 'red plain\n');
});

test('a symlink planted at the log path is never written through', async (t) => {
  const outside = join(tempDir(t), 'victim');
  writeFileSync(outside, 'precious\n');
  const dir = tempDir(t);
  symlinkSync(outside, join(dir, 'app.log'));
  const sd = await startSupervisord(
    t,
    `[program:p]\ncommand=/bin/sh -c 'echo attack; sleep 30'\nstartsecs=0\nstdout_logfile=%(here)s/app.log\n`,
    { dir },
  );
  await sd.waitForLine(/success: p entered RUNNING/);
  await waitFor(
    'the output to be logged or refused',
    () => /attack|app\.log/.test(sd.output()) || existsSync(join(dir, 'app.log')),
  );
  assert.equal(await sd.stop(), 0);
  assert.equal(readFileSync(outside, 'utf8'), 'precious\n');
});
