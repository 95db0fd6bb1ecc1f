// The dashboard's static files (src/web/assets/), read from the source tree when running from
// build/; scripts/bundle.mjs replaces this module with the same files inlined as text, so the
// bundle serves them with nothing on disk and nothing fetched from elsewhere.
import { readFileSync } from 'node:fs';

export const ASSET_NAMES = ['dashboard.html', 'dashboard.css', 'dashboard.js'] as const;
export type AssetName = (typeof ASSET_NAMES)[number];

export function assetFiles(): Record<AssetName, string> {
  // build/src/web/asset-files.js → src/web/assets/
  const dir = new URL('../../../src/web/assets/', import.meta.url);
  const files = {} as Record<AssetName, string>;
  for (const name of ASSET_NAMES) files[name] = readFileSync(new URL(name, dir), 'utf8');
  return files;
}
