// Bundles the `modulus` CLI into one file that the images copy (dist/modulus.js).
// CommonJS, not ESM: Node's ESM loader costs ~30 ms at every start (measured), and every
// `supervisorctl` and `start` pays it. dist/package.json marks the folder as CommonJS; a copy of
// the file alone outside any package is CommonJS by default too.
import { build } from 'esbuild';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';

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
  plugins: [webAssets],
});
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
chmodSync(outfile, 0o755);
