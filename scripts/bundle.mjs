// Bundles the `modulus` CLI into one file that the images copy (dist/modulus.js).
// CommonJS, not ESM: Node's ESM loader costs ~30 ms at every start (measured), and every
// `supervisorctl` and `start` pays it. dist/package.json marks the folder as CommonJS; a copy of
// the file alone outside any package is CommonJS by default too.
import { build } from 'esbuild';
import { chmodSync, writeFileSync } from 'node:fs';

const outfile = 'dist/modulus.js';
await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outfile,
  banner: { js: '#!/usr/bin/env -S node --' },
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
chmodSync(outfile, 0o755);
