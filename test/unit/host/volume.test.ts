// initVolume and checkVolume on real directories (the tests run as root, so owners can be set).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { checkVolume, initVolume, observeVolume } from '../../../src/host/volume.js';
import { tempDir } from '../../helpers/temp-dir.js';

const IDS = { uid: 65534, gid: 65534 };
const asRoot = process.getuid?.() === 0;

function owners(root: string): Record<string, string> {
  const row = (p: string): string => {
    const st = lstatSync(p);
    return `${st.uid}:${st.gid} ${(st.mode & 0o7777).toString(8)}`;
  };
  const out: Record<string, string> = { '.': row(root) };
  for (const name of readdirSync(root).sort()) out[name] = row(join(root, name));
  return out;
}

test('init creates the secure layout, then has nothing to do', { skip: !asRoot && 'needs root' }, (t) => {
  const root = join(tempDir(t), 'vol');
  const first = initVolume(root, IDS);
  assert.equal(first.actions.length, 8, first.actions.join('\n'));
  assert.deepEqual(owners(root), {
    '.': '0:65534 755',
    '.modulus-volume': '0:0 644',
    app: '65534:65534 755',
    'app-storage': '65534:65534 755',
    home: '65534:65534 700',
    log: '0:65534 750',
    notifications: '0:65534 750',
    tmp: '65534:65534 700',
  });
  assert.deepEqual(JSON.parse(readFileSync(join(root, '.modulus-volume'), 'utf8')), {
    layout: 'secure',
    uid: 65534,
    gid: 65534,
    version: 1,
  });
  const second = initVolume(root, IDS);
  assert.deepEqual(second.actions, []);
});

test(
  'init fixes supervisor.conf but does not create it; check then passes',
  { skip: !asRoot && 'needs root' },
  (t) => {
    const root = tempDir(t);
    initVolume(root, IDS);
    assert.deepEqual(
      checkVolume(root, IDS).problems.map((p) => p.entry),
      ['supervisor.conf'],
    );
    writeFileSync(join(root, 'supervisor.conf'), '[program:app]\ncommand=start\n');
    chmodSync(join(root, 'supervisor.conf'), 0o666);
    const r = initVolume(root, IDS);
    assert.deepEqual(r.actions, [`changed ${root}/supervisor.conf: owner 0:0 -> 0:65534, mode 0666 -> 0640`]);
    assert.deepEqual(checkVolume(root, IDS).problems, []);
  },
);

test(
  'switching to the original layout gives everything to the app user',
  { skip: !asRoot && 'needs root' },
  (t) => {
    const root = tempDir(t);
    initVolume(root, IDS);
    initVolume(root, { ...IDS, layout: 'original' });
    const o = owners(root);
    assert.equal(o.log, '65534:65534 755');
    assert.equal(o['.'], '65534:65534 755');
    assert.equal(JSON.parse(readFileSync(join(root, '.modulus-volume'), 'utf8')).layout, 'original');
  },
);

test('a foreign directory and planted symlinks are refused and left as they were', (t) => {
  const foreign = tempDir(t);
  writeFileSync(join(foreign, 'precious.txt'), 'keep');
  mkdirSync(join(foreign, 'tmp'));
  const before = owners(foreign);
  assert.throws(() => initVolume(foreign, IDS), { code: 'VOLUME_FOREIGN', message: /precious\.txt/ });
  assert.deepEqual(owners(foreign), before);

  const linked = tempDir(t);
  mkdirSync(join(linked, 'app'));
  symlinkSync('/etc', join(linked, 'log'));
  const etc = lstatSync('/etc');
  assert.throws(() => initVolume(linked, IDS), {
    code: 'VOLUME_ENTRY_TYPE',
    message: /log is a symbolic link/,
  });
  assert.deepEqual(readdirSync(linked).sort(), ['app', 'log']);
  const after = lstatSync('/etc');
  assert.deepEqual([after.uid, after.gid, after.mode], [etc.uid, etc.gid, etc.mode]);
});

test('a hand-made volume is adopted and gets a marker', { skip: !asRoot && 'needs root' }, (t) => {
  const root = tempDir(t);
  for (const name of ['tmp', 'log', 'app']) mkdirSync(join(root, name));
  const r = initVolume(root, IDS);
  assert.ok(r.notes.some((n) => n.startsWith('adopted')));
  assert.equal(observeVolume(root).marker.kind, 'ok');
});

test('observeVolume never follows a symlinked root', (t) => {
  const base = tempDir(t);
  symlinkSync('/etc', join(base, 'vol'));
  const o = observeVolume(join(base, 'vol'));
  assert.equal(o.root?.kind, 'symlink');
  assert.equal(o.entries.size, 0);
  assert.throws(() => initVolume(join(base, 'vol'), IDS), { code: 'VOLUME_ENTRY_TYPE' });
});
