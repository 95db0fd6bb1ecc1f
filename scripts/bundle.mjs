// Bundles the `modulus` CLI into dist/, the folder the images copy: dist/modulus.js is the
// dispatcher (src/cli/main.ts), and each subcommand it loads is its own self-contained file,
// dist/commands/NAME.js, which the dispatcher require()s when that command runs. So
// `modulus supervisord` parses and keeps in memory only the supervisor's code, not the ctl shell,
// the Node.js installer or the host CLI: Node.js holds a script's whole source text in the heap for
// as long as the process lives, and the one-file bundle's was 2.2 MB of it (bench/README.md).
// CommonJS, not ESM (which could split into shared chunks): Node's ESM loader costs ~30 ms at every
// start (measured), and every `supervisorctl` and `start` pays it. Code two commands share is in
// both their files. dist/package.json marks the folder as CommonJS; a copy of the folder outside any
// package is CommonJS by default too.
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

// The dashboard's page, script and stylesheet go into the bundle as text: this replaces
// src/web/asset-files.ts (which reads them from the source tree under build/) with the files inlined.
const webAssets = {
  name: 'web-assets',
  setup(b) {
    b.onLoad({ filter: /src[\\/]web[\\/]asset-files\.ts$/ }, () => {
      const names = ['dashboard.html', 'dashboard.css', 'dashboard.js'];
      const files = Object.fromEntries(names.map((n) => [n, readFileSync(`src/web/assets/${n}`, 'utf8')]));
      return {
        loader: 'ts',
        contents: `export const ASSET_NAMES = ${JSON.stringify(names)};\nexport function assetFiles() { return ${JSON.stringify(files)}; }\n`,
      };
    });
  },
};

// The dispatcher's `import('./NAME.js')` of a subcommand stays out of its bundle: it becomes
// require('./commands/NAME.js') (dynamic-import unsupported below), and NAME is built on its own.
const commands = new Set();
const commandsApart = {
  name: 'commands-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/[\w-]+\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !/src[\\/]cli[\\/]main\.ts$/.test(args.importer))
        return undefined;
      const name = args.path.slice(2, -3);
      commands.add(name);
      return { path: `./commands/${name}.js`, external: true };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  write: false,
};

// esbuild escapes non-ASCII characters in code but keeps some comments as they are (an arrow or an
// ellipsis): one such character makes V8 hold the whole source as two bytes per character. A \uXXXX
// escape means the same character in a string, template, regular expression or identifier, and is
// only text in a comment.
const ascii = (text) =>
  text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function write(outputFiles) {
  for (const file of outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, ascii(file.text));
  }
}

rmSync('dist', { recursive: true, force: true });
const outfile = 'dist/modulus.js';
const dispatcher = await build({
  ...common,
  entryPoints: ['src/cli/main.ts'],
  outfile,
  banner: { js: '#!/usr/bin/env -S node --' },
  supported: { 'dynamic-import': false },
  plugins: [commandsApart],
});
if (commands.size === 0) throw new Error('bundle: src/cli/main.ts loads no subcommand module');
const split = await build({
  ...common,
  entryPoints: Object.fromEntries([...commands].map((name) => [`commands/${name}`, `src/cli/${name}.ts`])),
  outdir: 'dist',
  plugins: [webAssets],
});
write(dispatcher.outputFiles);
write(split.outputFiles);
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
chmodSync(outfile, 0o755);
