import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import { runCli, scrubbedEnv } from '../../helpers/run-cli.js';
import { main } from '../../../src/cli/start.js';

test('unknown options are usage errors', async () => {
  await assert.rejects(main(['--bogus']), (err: { code?: string }) => err.code === 'USAGE');
});

test('--plan writes a sh fragment to fd 3; without --plan, the app runs and its exit status is ours', async (t) => {
  const mnt = tempDir(t);
  const image = join(mnt, 'image', 'v20.9.0', 'bin');
  mkdirSync(image, { recursive: true });
  writeFileSync(join(image, 'node'), '#!/bin/sh\nexit 7\n', { mode: 0o755 });
  mkdirSync(join(mnt, 'app'));
  writeFileSync(join(mnt, 'app', 'index.js'), '');
  const env = scrubbedEnv({
    MODULUS_MNT: mnt,
    MODULUS_NODE_PREINSTALLED_DIR: join(mnt, 'image'),
    MODULUS_CONFIG_ENGINES_NODE: '20.9.0',
  });
  const plain = await runCli(['start'], { env });
  assert.equal(plain.code, 7, plain.stderr);
  if (!('execve' in process)) assert.match(plain.stdout, /cannot exec in place: running the app as a child/);
  const noFd = await runCli(['start', '--plan'], { env });
  assert.equal(noFd.code, 2);
  assert.match(noFd.stderr, /file descriptor 3/);
});
