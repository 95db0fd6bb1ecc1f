// An app that exits 0 (Node-RED after "Failed to start server") under `modulus run`: for the
// platform's [program:app] every exit is a crash, notified, and a program that keeps exiting backs
// off instead of being restarted at once forever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeApp } from '../../helpers/npm-apps.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startRun } from './run-harness.js';

test('exit 0 is a crash: a notification says so, and the restarts back off', async (t) => {
  const root = tempDir(t, 'modulus-run-exit-');
  const app = writeApp(join(root, 'quitter'), {
    'package.json': { name: 'quitter', main: 'quit.js' },
    'quit.js': "console.log('Failed to start server');\nsetTimeout(() => process.exit(0), 1500);\n",
  });
  const run = await startRun(t, app);
  const notes = join(run.volume, 'notifications');
  const file = await waitFor(
    'a crash notification',
    () => readdirSync(notes).find((f) => f.endsWith('.crash.json')),
    { timeoutMs: 30_000 },
  );
  const record = JSON.parse(readFileSync(join(notes, file), 'utf8')) as {
    exit: { code: number };
    expected: boolean;
  };
  assert.equal(record.exit.code, 0);
  assert.equal(record.expected, false);
  // Restarted at once after the first crash, then after 1 s: without backoff the third start would
  // come 1.5 s after the first crash, with it 2.5 s.
  const started = Date.now();
  await waitFor('two more starts', () => (run.stdout().match(/Failed to start server/g) ?? []).length >= 3, {
    timeoutMs: 30_000,
  });
  assert.ok(Date.now() - started >= 2200, `the restarts back off (${Date.now() - started} ms)`);
  const conf = readFileSync(join(run.volume, 'supervisor.conf'), 'utf8');
  assert.match(conf, /^exitcodes=$/m);
  assert.match(conf, /^crashloop_backoff=true$/m);
  assert.equal(await run.stop('SIGINT'), 0);
});
