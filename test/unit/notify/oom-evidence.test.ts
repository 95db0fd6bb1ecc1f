import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/temp-dir.js';
import {
  OomWatch,
  locateMemoryCgroup,
  oomKillsDuring,
  parseMountInfo,
  readLimitBytes,
  readOomKills,
  readPeakBytes,
} from '../../../src/notify/oom-evidence.js';

/** A /proc and cgroup mounts laid out in a temp dir, as the kernel shows them. */
function fakeHost(t: Parameters<typeof tempDir>[0], kind: 'v1' | 'v2', mountRoot = '/') {
  const root = tempDir(t);
  const proc = path.join(root, 'proc');
  const mnt = path.join(root, kind === 'v1' ? 'sys/fs/cgroup/memory' : 'sys/fs/cgroup');
  fs.mkdirSync(path.join(proc, 'self'), { recursive: true });
  const fstype = kind === 'v1' ? 'cgroup cgroup rw,memory' : 'cgroup2 cgroup2 rw,nsdelegate';
  fs.writeFileSync(
    path.join(proc, 'self/mountinfo'),
    `22 1 8:1 / / rw - ext4 /dev/sda1 rw\n30 22 0:26 ${mountRoot} ${mnt.replace(/ /g, '\\040')} rw,nosuid - ${fstype}\n`,
  );
  const group = (cg: string, files: Record<string, string>): void => {
    const rel = mountRoot === '/' ? cg : cg.slice(mountRoot.length);
    const dir = path.join(mnt, rel);
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  };
  const proces = (pid: number | 'self', cg: string): void => {
    fs.mkdirSync(path.join(proc, String(pid)), { recursive: true });
    const line = kind === 'v1' ? `4:memory:${cg}\n1:cpu:/\n0::/` : `0::${cg}`;
    fs.writeFileSync(path.join(proc, String(pid), 'cgroup'), `${line}\n`);
  };
  return { proc, mnt, group, process: proces };
}

const V1 = (kills: number, limit = '536870912', peak = '1048576') => ({
  'memory.oom_control': `oom_kill_disable 0\nunder_oom 0\noom_kill ${kills}\n`,
  'memory.limit_in_bytes': `${limit}\n`,
  'memory.max_usage_in_bytes': `${peak}\n`,
});

test('v1: the memory controller line and mount give memory.oom_control, limit and peak', (t) => {
  const h = fakeHost(t, 'v1');
  h.group('/app', V1(2));
  h.process(42, '/app');
  const cg = locateMemoryCgroup(42, h.proc)!;
  assert.equal(cg.evidence, 'cgroup-v1:memory.oom_control');
  assert.equal(cg.dir, path.join(h.mnt, 'app'));
  assert.equal(readOomKills(cg), 2);
  assert.equal(readLimitBytes(cg), 536870912);
  assert.equal(readPeakBytes(cg), 1048576);
});

test('v1 "unlimited" is no limit', (t) => {
  const h = fakeHost(t, 'v1');
  h.group('/', V1(0, '9223372036854771712'));
  h.process('self', '/');
  assert.equal(readLimitBytes(locateMemoryCgroup('self', h.proc)!), null);
});

test('v1 inside Docker without a cgroup namespace: the mount root is the container cgroup', (t) => {
  const h = fakeHost(t, 'v1', '/docker/abc');
  h.group('/docker/abc', V1(1));
  h.process('self', '/docker/abc');
  const cg = locateMemoryCgroup('self', h.proc)!;
  assert.equal(cg.dir, h.mnt);
  assert.equal(cg.cgroup, '/docker/abc');
});

test('v2: memory.events, memory.max ("max" is none) and memory.peak', (t) => {
  const h = fakeHost(t, 'v2');
  h.group('/app.slice', {
    'memory.events': 'low 0\nhigh 0\nmax 5\noom 1\noom_kill 1\n',
    'memory.max': 'max\n',
    'memory.peak': '123\n',
  });
  h.process(7, '/app.slice');
  const cg = locateMemoryCgroup(7, h.proc)!;
  assert.equal(cg.evidence, 'cgroup-v2:memory.events');
  assert.equal(readOomKills(cg), 1);
  assert.equal(readLimitBytes(cg), null);
  assert.equal(readPeakBytes(cg), 123);
});

test('no memory cgroup, or a process gone: nothing located', (t) => {
  const h = fakeHost(t, 'v2');
  h.process(7, '/nowhere');
  assert.equal(locateMemoryCgroup(7, h.proc), null);
  assert.equal(locateMemoryCgroup(8, h.proc), null);
});

test('OomWatch counts the kills between a program running and its exit, then moves the baseline', (t) => {
  const h = fakeHost(t, 'v1');
  h.group('/', V1(0));
  h.process('self', '/');
  h.group('/job', V1(3));
  h.process(42, '/job');
  const watch = new OomWatch(h.proc);
  watch.observe('g:job', 42);
  h.group('/job', V1(4));
  const m = watch.check('g:job');
  assert.deepEqual(
    [m.evidence, m.oomKillsBefore, m.oomKillsAfter, oomKillsDuring(m)],
    ['cgroup-v1:memory.oom_control', 3, 4, 1],
  );
  assert.equal(oomKillsDuring(watch.check('g:job')), 0);
  // A program never seen running is looked for in our own cgroup.
  assert.equal(watch.check('g:other').cgroup, '/');
});

test('parseMountInfo unescapes mount points and skips short lines', () => {
  const mounts = parseMountInfo('30 22 0:26 / /a\\040b rw - cgroup cgroup rw,memory\nbad line\n');
  assert.deepEqual(mounts, [{ root: '/', point: '/a b', fstype: 'cgroup', superOptions: ['rw', 'memory'] }]);
});
