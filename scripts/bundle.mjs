// Bundles the `modulus` CLI into one file that the images copy (dist/modulus.js).
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const outfile = 'dist/modulus.js';
await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  outfile,
  banner: {
    // ESM bundles have no require(); some node built-ins are loaded lazily through it.
    js: "#!/usr/bin/env node\nimport { createRequire as __modulusCreateRequire } from 'node:module';\nconst require = __modulusCreateRequire(import.meta.url);",
  },
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
