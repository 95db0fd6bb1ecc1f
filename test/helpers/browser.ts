// Debian's Chromium, headless, driven by playwright-core (which never downloads a browser here):
// one fresh profile per test, removed afterwards, and no network beyond what the page asks for.
import type { TestContext } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { requirePaths } from './require-tool.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A browser with a fresh --user-data-dir, closed after the test; null when skipped (no chromium). */
export async function launchBrowser(
  t: Pick<TestContext, 'name' | 'skip' | 'after'>,
  viewport = { width: 1100, height: 800 },
): Promise<BrowserContext | null> {
  if (!requirePaths(t, [CHROMIUM], 'apt-get install chromium')) return null;
  // launchPersistentContext is playwright's way of passing --user-data-dir.
  const profile = mkdtempSync(join(tmpdir(), 'modulus-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport,
  });
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return context;
}
