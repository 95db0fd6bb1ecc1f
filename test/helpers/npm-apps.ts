// Real apps for the build and run tests, written in the test from npm packages: their files, and a
// lockfile from the registry, as the app's author would commit it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function writeApp(dir: string, files: Record<string, string | object>): string {
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  }
  return dir;
}

export function lockApp(dir: string): void {
  execFileSync('npm', ['install', '--package-lock-only', '--no-audit', '--no-fund'], {
    cwd: dir,
    stdio: 'ignore',
  });
}

/** Express 5 answering on $PORT, with a devDependency the build must prune. */
export function expressApp(dir: string): string {
  writeApp(dir, {
    'package.json': {
      name: 'express-app',
      scripts: { start: 'node server.js' },
      dependencies: { express: '^5.1.0' },
      devDependencies: { 'left-pad': '1.3.0' },
    },
    'server.js':
      "const app = require('express')();\napp.get('/', (req, res) => res.send('hello from express'));\napp.listen(process.env.PORT, () => console.log('listening on ' + process.env.PORT));\n",
  });
  lockApp(dir);
  return dir;
}

/** An app whose dependency's install script runs until killed, writing its pid to `pidFile` first. */
export function hangingInstallApp(dir: string, pidFile: string): string {
  return writeApp(dir, {
    'package.json': { name: 'slow', dependencies: { hang: 'file:./hang' } },
    'hang/package.json': {
      name: 'hang',
      version: '1.0.0',
      scripts: {
        install: `node -e "require('fs').writeFileSync('${pidFile}', String(process.pid)); setInterval(() => {}, 1000)"`,
      },
    },
  });
}

/**
 * better-sqlite3@12, a native module with no prebuilt binary reachable here (GitHub is not), so
 * node-gyp builds it from source: a database in $APP_STORAGE (else /app-storage), and on $PORT the
 * row count, the Node.js that loaded the module and its NODE_MODULE_VERSION.
 */
export function sqliteApp(dir: string): string {
  writeApp(dir, {
    'package.json': {
      name: 'sqlite-app',
      scripts: { start: 'node server.js' },
      dependencies: { 'better-sqlite3': '^12.0.0' },
    },
    'server.js': [
      "const path = require('path');",
      "const Database = require('better-sqlite3');",
      "const db = new Database(path.join(process.env.APP_STORAGE || '/app-storage', 'app.db'));",
      "db.exec('CREATE TABLE IF NOT EXISTS starts (at INTEGER)');",
      "db.prepare('INSERT INTO starts VALUES (?)').run(Date.now());",
      "const count = db.prepare('SELECT count(*) AS n FROM starts');",
      "require('http').createServer((q, s) => s.end(JSON.stringify({",
      '  starts: count.get().n,',
      '  node: process.version,',
      '  modules: process.versions.modules,',
      "  sqlite: db.prepare('SELECT sqlite_version() AS v').get().v,",
      '}))).listen(process.env.PORT);',
    ].join('\n'),
  });
  lockApp(dir);
  return dir;
}

/** What corepack needs here: the registry this machine reaches serves no npm signatures to check. */
export const COREPACK_TEST_ENV = { COREPACK_INTEGRITY_KEYS: '0', COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' };

/**
 * An app for pnpm or yarn, its lockfile written by that manager through the host's corepack (as
 * its author would commit it): ms as a dependency, left-pad as a devDependency the prune removes,
 * a build script, and on $PORT what it found.
 */
export function corepackApp(dir: string, spec: string, packageManager?: string): string {
  writeApp(dir, {
    'package.json': {
      name: 'corepack-app',
      ...(packageManager ? { packageManager } : {}),
      scripts: {
        start: 'node server.js',
        build: "node -e \"require('fs').writeFileSync('built.txt', 'built')\"",
      },
      dependencies: { ms: '^2.1.3' },
      devDependencies: { 'left-pad': '1.3.0' },
    },
    'server.js': [
      "const fs = require('fs');",
      "require('http').createServer((q, s) => s.end([require('ms')(60000), fs.readFileSync('built.txt', 'utf8'),",
      "  fs.existsSync('node_modules/left-pad') ? 'dev kept' : 'pruned'].join(' '))).listen(process.env.PORT);",
    ].join('\n'),
  });
  const args = spec.startsWith('pnpm')
    ? ['install', '--lockfile-only']
    : spec.startsWith('yarn@1')
      ? ['install', '--non-interactive']
      : ['install', '--mode=update-lockfile'];
  execFileSync('corepack', [spec, ...args], {
    cwd: dir,
    stdio: 'ignore',
    env: {
      ...process.env,
      ...COREPACK_TEST_ENV,
      COREPACK_ENABLE_AUTO_PIN: '0',
      COREPACK_NPM_REGISTRY: 'https://registry.npmjs.org',
      YARN_ENABLE_TELEMETRY: '0',
    },
  });
  for (const made of ['node_modules', '.yarn', '.pnp.cjs', '.pnp.loader.mjs'])
    rmSync(join(dir, made), { recursive: true, force: true });
  return dir;
}
