import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleEntry } from '../../../src/host/install-paths.js';
import { MODULUS_BIN, runCli } from '../../helpers/run-cli.js';

const DIST = dirname(MODULUS_BIN);

/** The source modules a file of the bundle holds, from esbuild's `// src/x/y.ts` marks. */
function modulesIn(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\/\/ (src\/\S+\.ts)$/gm)].map((m) => m[1]!);
}

test('the dispatcher holds no subcommand: each is its own file in dist/commands/', () => {
  const modules = modulesIn(MODULUS_BIN);
  assert.ok(modules.includes('src/cli/main.ts'), 'no module marks in dist/modulus.js');
  assert.deepEqual(
    modules.filter((m) => m.startsWith('src/cli/')),
    ['src/cli/main.ts'],
  );
  const commands = readdirSync(join(DIST, 'commands'));
  for (const name of ['supervisord.js', 'supervisorctl.js', 'start.js', 'run.js']) {
    assert.ok(commands.includes(name), name);
  }
});

test("the supervisor's file holds none of the ctl shell, the Node.js installer or the host CLI", () => {
  const modules = modulesIn(join(DIST, 'commands', 'supervisord.js'));
  assert.ok(modules.includes('src/supervisor/supervisor.ts'), 'no module marks in supervisord.js');
  const foreign = modules.filter((m) => /^src\/(ctl|node|host|build|k8s)\//.test(m));
  assert.deepEqual(foreign, []);
});

test('every file of the bundle is ASCII, so V8 holds its source at one byte per character', () => {
  for (const name of ['modulus.js', ...readdirSync(join(DIST, 'commands')).map((n) => `commands/${n}`)]) {
    const text = readFileSync(join(DIST, name), 'utf8');
    const at = text.search(/[\u0080-\uffff]/);
    assert.equal(
      at,
      -1,
      `${name} has a non-ASCII character at ${at}: ${JSON.stringify(text.slice(at - 20, at + 20))}`,
    );
  }
});

test('a subcommand file runs modulus again through the dispatcher beside it', () => {
  assert.equal(bundleEntry('/p/dist/commands/run.js'), '/p/dist/modulus.js');
  assert.equal(bundleEntry('/opt/modulus/lib/commands/supervisord.js'), '/opt/modulus/lib/modulus.js');
  assert.equal(bundleEntry('/p/dist/modulus.js'), '/p/dist/modulus.js');
});

test("a subcommand's error is reported by the dispatcher with its own exit code", async () => {
  const r = await runCli(['config', '--no-such-flag']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^Error: config: /);
  assert.doesNotMatch(r.stderr, /Internal error/);
});
