// modulus build on real apps made in the test from npm packages, with the host's Node.js offered
// as the preinstalled one (as a local run does): installs, a second build that installs nothing,
// a TypeScript build script, a workspaces root, and SIGINT during an install leaving no process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expressApp, hangingInstallApp, lockApp as lock, writeApp } from '../../helpers/npm-apps.js';
import { runCli, scrubbedEnv, MODULUS_BIN } from '../../helpers/run-cli.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';

function setup(t: Parameters<typeof tempDir>[0]): { root: string; env: NodeJS.ProcessEnv } {
  const root = tempDir(t, 'modulus-build-');
  const pre = join(root, 'preinstalled');
  mkdirSync(pre);
  symlinkSync(dirname(dirname(process.execPath)), join(pre, process.version));
  return { root, env: scrubbedEnv({ MODULUS_NODE_PREINSTALLED_DIR: pre, HOME: join(root, 'home') }) };
}

const build = (args: string[], env: NodeJS.ProcessEnv) => runCli(['build', ...args], { env, timeoutMs: 240_000 });

test('an Express app: npm ci with the resolved Node.js, devDependencies pruned; a second build installs nothing', async (t) => {
  const { root, env } = setup(t);
  const app = expressApp(join(root, 'express-app'));
  const vol = join(root, 'vol');
  const first = await build([app, '--volume', vol], env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, new RegExp(`install: npm ci --include=dev .*\\(Node.js ${process.version}\\)`));
  assert.match(first.stderr, /prune: npm prune --omit=dev/);
  assert.ok(existsSync(join(vol, 'app', 'node_modules', 'express', 'package.json')));
  assert.ok(!existsSync(join(vol, 'app', 'node_modules', 'left-pad')), 'devDependencies are pruned');
  assert.ok(existsSync(join(vol, 'home', '.cache', 'modulus', 'build')), 'the cache is in the volume');

  const second = await build([app, '--volume', vol], env);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stderr, /copy: 0 changed, 0 removed of 3 files/);
  assert.match(second.stderr, /install: up to date .* nothing installed/);
  assert.doesNotMatch(second.stderr, /npm (ci|prune)/);

  writeFileSync(join(app, 'server.js'), '// changed\n');
  const third = await build([app, '--volume', vol], env);
  assert.match(third.stderr, /copy: 1 changed/);
  assert.doesNotMatch(third.stderr, /npm ci/);
});

test('a TypeScript app: typescript installed for the build script, run once per change, then pruned', async (t) => {
  const { root, env } = setup(t);
  const app = join(root, 'ts-app');
  writeApp(app, {
    'package.json': {
      name: 'ts-app',
      scripts: { build: 'tsc', start: 'node dist/server.js' },
      devDependencies: { typescript: '~5.9.0' },
    },
    'tsconfig.json': { compilerOptions: { outDir: 'dist', module: 'commonjs', target: 'es2022' }, include: ['src'] },
    'src/server.ts': 'const greeting: string = "typed";\nexport default greeting;\n',
  });
  lock(app);
  const out = join(root, 'out');
  const first = await build([app, '--out', out, '--cache', join(root, 'cache')], { ...env, MODULUS_MNT: join(root, 'mnt') });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /build: npm run build/);
  assert.match(readFileSync(join(out, 'dist', 'server.js'), 'utf8'), /greeting = "typed"/);
  assert.ok(!existsSync(join(out, 'node_modules', 'typescript')));
  const second = await build([app, '--out', out, '--cache', join(root, 'cache')], { ...env, MODULUS_MNT: join(root, 'mnt') });
  assert.match(second.stderr, /build: up to date/);
  assert.ok(existsSync(join(out, 'dist', 'server.js')), 'the build output stays');
});

test('a workspaces root without a start script is refused, naming its workspaces; MODULUS_APP_DIR chooses', async (t) => {
  const { root, env } = setup(t);
  const app = join(root, 'mono');
  writeApp(app, {
    'package.json': { name: 'mono', private: true, workspaces: ['packages/*'] },
    'packages/web/package.json': { name: 'web', scripts: { start: 'node index.js' }, dependencies: { ms: '^2.1.3' } },
    'packages/web/index.js': "console.log(require('ms')('1h'))\n",
  });
  lock(app);
  const refused = await build([app, '--volume', join(root, 'v1')], env);
  assert.equal(refused.code, 3, refused.stderr);
  assert.match(refused.stderr, /workspaces root without a start script; its workspaces: web \(packages\/web\)/);
  assert.match(refused.stderr, /MODULUS_APP_DIR=packages\/web/);
  const chosen = await build([app, '--volume', join(root, 'v2')], { ...env, MODULUS_APP_DIR: 'packages/web' });
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.ok(existsSync(join(root, 'v2', 'app', 'node_modules', 'ms')));
});

test('SIGINT during the install stops npm and everything it started, says so, and the next build starts over', async (t) => {
  const { root, env } = setup(t);
  const app = join(root, 'slow');
  const pidFile = join(root, 'install.pid');
  hangingInstallApp(app, pidFile);
  const child = spawn(process.execPath, [MODULUS_BIN, 'build', app, '--volume', join(root, 'vol')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  await waitFor('the install script to start', () => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', {
    timeoutMs: 60_000,
  });
  const scriptPid = Number(readFileSync(pidFile, 'utf8'));
  child.kill('SIGINT');
  assert.equal(await exited, 1, stderr);
  assert.match(stderr, /interrupted during npm install .*stopped it and every process it started/);
  assert.throws(() => process.kill(scriptPid, 0), { code: 'ESRCH' }, 'the install script is gone');
});

test('better-sqlite3@12, a native module: compiled once for the Node.js the app runs on, then reused', async (t) => {
  const { root, env } = setup(t);
  const app = join(root, 'sqlite-app');
  writeApp(app, {
    'package.json': { name: 'sqlite-app', main: 'db.js', dependencies: { 'better-sqlite3': '^12.0.0' } },
    'db.js': "console.log(new (require('better-sqlite3'))(':memory:').prepare('select 41 + 1 as n').get().n)\n",
  });
  lock(app);
  const vol = join(root, 'vol');
  // No prebuilt binary is reachable here (GitHub is not), so node-gyp compiles SQLite: minutes.
  const first = await runCli(['build', app, '--volume', vol], { env, timeoutMs: 900_000 });
  assert.equal(first.code, 0, first.stderr);
  const loaded = spawnSync(process.execPath, ['db.js'], { cwd: join(vol, 'app'), encoding: 'utf8' });
  assert.equal(loaded.stdout.trim(), '42', loaded.stderr);
  const second = await build([app, '--volume', vol], env);
  assert.match(second.stderr, /install: up to date .* nothing installed/);
  assert.doesNotMatch(second.stderr, /node-gyp|npm ci/);
});

test('a pnpm app on a Node.js without corepack (as 25 and later ship) is refused, saying why and what to do', async (t) => {
  const root = tempDir(t, 'modulus-build-');
  const pre = join(root, 'preinstalled');
  // The host's Node.js with its npm, but no corepack beside it.
  const tree = join(pre, process.version);
  const host = dirname(dirname(process.execPath));
  mkdirSync(join(tree, 'bin'), { recursive: true });
  mkdirSync(join(tree, 'lib', 'node_modules'), { recursive: true });
  symlinkSync(process.execPath, join(tree, 'bin', 'node'));
  symlinkSync(join(host, 'lib', 'node_modules', 'npm'), join(tree, 'lib', 'node_modules', 'npm'));
  const env = scrubbedEnv({ MODULUS_NODE_PREINSTALLED_DIR: pre, HOME: join(root, 'home') });
  const app = writeApp(join(root, 'pnpm-app'), {
    'package.json': { name: 'pnpm-app', dependencies: { ms: '^2.1.3' } },
    'pnpm-lock.yaml': "lockfileVersion: '9.0'\n",
  });
  const r = await build([app, '--volume', join(root, 'vol')], env);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`Node\\.js ${process.version} ships no corepack .* modulus runs pnpm through it`));
  assert.match(r.stderr, /Node\.js 24 or earlier .* package-lock\.json/);
  assert.doesNotMatch(r.stderr, /install: done/);
});
