// The page's files: present, with one place for the CSRF token, and nothing that CSP would block or
// that would reach beyond this server (no inline script or style, no external URL).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ASSET_NAMES, assetFiles } from '../../../src/web/asset-files.js';

test('every asset is there and the page has one token placeholder', () => {
  const files = assetFiles();
  for (const name of ASSET_NAMES) assert.ok(files[name].length > 100, name);
  assert.equal(files['dashboard.html'].split('{{csrf}}').length, 2);
});

test('the page has no inline script, inline style or handler, and names no other origin', () => {
  const files = assetFiles();
  const html = files['dashboard.html'];
  for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
    assert.match(tag, /^<script src="\/assets\/[a-z-]+\.js" defer><\/script>$/);
  }
  assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
  for (const name of ASSET_NAMES)
    assert.doesNotMatch(files[name], /https?:\/\/|\/\/[a-z0-9.-]+\.[a-z]{2,}\//i, name);
});

test('the script never writes HTML: only text nodes and attributes', () => {
  const js = assetFiles()['dashboard.js'];
  assert.doesNotMatch(js, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
});
