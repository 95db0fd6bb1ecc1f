// A memory cgroup of the test's own with a limit, for a real OOM kill on the host: v1 (a directory
// under /sys/fs/cgroup/memory) or v2 (under the unified mount, when its memory controller is on).
import fs from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';

export interface TestCgroup {
  readonly dir: string;
  /** Writing a pid here moves that process into the cgroup. */
  readonly procs: string;
  readonly version: 1 | 2;
}

/** The cgroup, or why one cannot be made here (not root, no memory controller, read-only /sys). */
export function makeMemoryCgroup(t: TestContext, limitBytes: number): TestCgroup | string {
  const name = `modulus-test-${process.pid}-${Date.now()}`;
  const attempts: string[] = [];
  const v1 = '/sys/fs/cgroup/memory';
  if (fs.existsSync(path.join(v1, 'memory.limit_in_bytes'))) {
    const made = tryMake(t, path.join(v1, name), (dir) => {
      fs.writeFileSync(path.join(dir, 'memory.limit_in_bytes'), String(limitBytes));
      // Without swap limited too, the kernel would swap instead of killing.
      if (fs.existsSync(path.join(dir, 'memory.memsw.limit_in_bytes')))
        fs.writeFileSync(path.join(dir, 'memory.memsw.limit_in_bytes'), String(limitBytes));
    });
    if (typeof made !== 'string') return { ...made, version: 1 };
    attempts.push(`v1: ${made}`);
  }
  const v2 = '/sys/fs/cgroup';
  const controllers = path.join(v2, 'cgroup.subtree_control');
  if (fs.existsSync(controllers) && fs.readFileSync(controllers, 'utf8').split(/\s+/).includes('memory')) {
    const made = tryMake(t, path.join(v2, name), (dir) => {
      fs.writeFileSync(path.join(dir, 'memory.max'), String(limitBytes));
      if (fs.existsSync(path.join(dir, 'memory.swap.max')))
        fs.writeFileSync(path.join(dir, 'memory.swap.max'), '0');
    });
    if (typeof made !== 'string') return { ...made, version: 2 };
    attempts.push(`v2: ${made}`);
  }
  return attempts.length
    ? attempts.join('; ')
    : 'no cgroup v1 memory hierarchy and no cgroup v2 memory controller';
}

function tryMake(
  t: TestContext,
  dir: string,
  limit: (dir: string) => void,
): { dir: string; procs: string } | string {
  try {
    fs.mkdirSync(dir);
  } catch (err) {
    return `cannot create ${dir}: ${(err as Error).message}`;
  }
  // rmdir works once the cgroup's processes are gone; the test stops them first.
  t.after(() => fs.rmdirSync(dir));
  try {
    limit(dir);
  } catch (err) {
    return `cannot set the limit in ${dir}: ${(err as Error).message}`;
  }
  return { dir, procs: path.join(dir, 'cgroup.procs') };
}
