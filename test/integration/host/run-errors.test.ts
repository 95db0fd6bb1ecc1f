// `modulus run`, `ctl` and `logs` refusing what they cannot do, with a message and the exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { EXAMPLES } from './run-harness.js';

test('ctl, logs and notifications without a run say how to start one', async (t) => {
  const cwd = tempDir(t);
  for (const args of [['ctl', 'status'], ['logs'], ['notifications'], ['logs', '--name', 'nope']]) {
    const r = await runCli(args, { cwd });
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.stderr, args.includes('--name') ? /no run named "nope"/ : /no app is running here/);
  }
});

test('bad command lines are usage errors (exit 2)', async (t) => {
  const cwd = tempDir(t);
  const app = join(EXAMPLES, 'hello-http');
  const cases: Array<[string[], RegExp]> = [
    [['run'], /expected one APP_DIR/],
    [['run', join(cwd, 'missing')], /is not a directory/],
    [['run', app, '--image', 'x'], /--image only applies with --docker/],
    [['run', app, '-p', '70000'], /port number/],
    [['run', app, '-e', '1BAD=x'], /not a usable environment variable name/],
    [['run', app, '-p', '8080', '-e', 'PORT=9090'], /disagree/],
    [['run', app, '--name', 'bad name'], /not a valid run name/],
    [['run', app, '--docker', '--memory', 'lots'], /--memory expects a size/],
    [['logs', '-n', 'ten'], /expects a number of lines/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args, { cwd });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('a port already in use is refused before anything starts', async (t) => {
  const cwd = tempDir(t);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  t.after(() => server.close());
  const port = (server.address() as { port: number }).port;
  const r = await runCli(['run', join(EXAMPLES, 'hello-http'), '-p', String(port)], { cwd });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`port ${port} is already in use`));
});
