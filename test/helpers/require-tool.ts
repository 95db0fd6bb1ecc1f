// A test that needs a tool CI installs (Debian's supervisor package, a tmpfs mount, a cgroup):
// in CI its absence fails the test; elsewhere the test is skipped, loudly, on stderr.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';

export const DEBIAN_SUPERVISORD = '/usr/bin/supervisord';
export const DEBIAN_SUPERVISORCTL = '/usr/bin/supervisorctl';
export const DEBIAN_CHILDUTILS = '/usr/lib/python3/dist-packages/supervisor/childutils.py';

/** True when every path exists; otherwise fails (CI) or skips the test and returns false. */
export function requirePaths(
  t: Pick<TestContext, 'name' | 'skip'>,
  paths: readonly string[],
  install: string,
): boolean {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return true;
  const message = `${missing.join(' and ')} missing (${install})`;
  if (process.env.CI) assert.fail(`${message}: .ci/run must provide it`);
  process.stderr.write(`\n*** SKIPPED ${t.name}: ${message} ***\n\n`);
  t.skip(message);
  return false;
}

/** Debian's supervisor package: supervisord, supervisorctl and the Python module. */
export function requireDebianSupervisor(t: Pick<TestContext, 'name' | 'skip'>): boolean {
  return requirePaths(
    t,
    [DEBIAN_SUPERVISORD, DEBIAN_SUPERVISORCTL, DEBIAN_CHILDUTILS],
    'apt-get install supervisor',
  );
}
