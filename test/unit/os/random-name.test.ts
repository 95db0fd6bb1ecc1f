import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomName } from '../../../src/os/random-name.js';
import { tempDir } from '../../helpers/temp-dir.js';

test('names are the length asked for, of [A-Za-z0-9_-], and do not repeat', () => {
  const names = Array.from({ length: 1000 }, () => randomName(8));
  for (const name of names) assert.match(name, /^[A-Za-z0-9_-]{8}$/);
  assert.equal(new Set(names).size, names.length);
  assert.equal(randomName(0), '');
});

test('the supervisor starts without loading node:crypto', (t) => {
  // node:crypto starts OpenSSL: ~0.8 MB of resident memory in a process that needs a few random bytes.
  const daemon = fileURLToPath(new URL('../../../src/daemon/daemon.js', import.meta.url));
  // A script file, not -e: node's -e loads node:crypto itself.
  const probe = join(tempDir(t), 'probe.mjs');
  writeFileSync(
    probe,
    `await import(${JSON.stringify(daemon)});\n` +
      'console.log(process.moduleLoadList.filter((m) => /crypto/.test(m)).join(","));\n',
  );
  assert.equal(execFileSync(process.execPath, [probe], { encoding: 'utf8' }).trim(), '');
});
