import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { findVersionRequest, versionFileSpec } from '../../../src/node/version-source.js';

test('.nvmrc / .node-version rows', () => {
  const rows: [string, string | undefined][] = [
    ['22\n', '22'],
    ['\n# pinned for prod\nv20.11.1 # lts\n', 'v20.11.1'],
    ['lts/iron\r\n', 'lts/iron'],
    ['   \n', undefined],
  ];
  for (const [text, expected] of rows) assert.equal(versionFileSpec(text), expected, JSON.stringify(text));
});

test('first match wins: env, app.json, package.json, .nvmrc, .node-version', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, '.node-version'), '18\n');
  assert.deepEqual(await findVersionRequest({}, dir, undefined, undefined), {
    text: '18',
    source: join(dir, '.node-version'),
  });
  writeFileSync(join(dir, '.nvmrc'), 'lts/jod\n');
  assert.equal((await findVersionRequest({}, dir, undefined, undefined))?.text, 'lts/jod');
  const pkg = join(dir, 'package.json');
  assert.deepEqual(await findVersionRequest({}, dir, '^20', pkg), {
    text: '^20',
    source: `${pkg} engines.node`,
  });
  writeFileSync(join(dir, 'app.json'), JSON.stringify({ engines: { node: '21.x' } }));
  assert.equal((await findVersionRequest({}, dir, '^20', pkg))?.text, '21.x');
  const env = { MODULUS_CONFIG_ENGINES_NODE: ' 22.1.0 ' };
  assert.deepEqual(await findVersionRequest(env, dir, '^20', pkg), {
    text: '22.1.0',
    source: 'MODULUS_CONFIG_ENGINES_NODE',
  });
});

test('a broken app.json is ignored; nothing anywhere means no request', async (t) => {
  const dir = tempDir(t);
  writeFileSync(join(dir, 'app.json'), '{ nope');
  assert.equal(await findVersionRequest({}, dir, undefined, undefined), undefined);
});
