// An OOM kill under a real memory cgroup limit is told apart from other SIGKILLs by the cgroup's
// oom_kill counter. The Docker e2e suite repeats this with `docker run --memory`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeMemoryCgroup } from './memory-cgroup.js';
import { FLAVOURS, requireDebianSupervisord, startWithNotifier } from './notify-harness.js';

const LIMIT = 64 * 1024 * 1024;
// Sleeps past startsecs (so the process is RUNNING and the notifier learns its cgroup), then eats memory.
const HOG = 'python3 -c "import time; time.sleep(1.5); a = [bytearray(8 << 20) for _ in iter(int, 1)]"';

for (const flavour of FLAVOURS) {
  test(`an OOM kill in the program's cgroup is an oom notification with limit and peak (${flavour})`, async (t) => {
    if (flavour === 'debian' && !requireDebianSupervisord(t)) return;
    const cg = makeMemoryCgroup(t, LIMIT);
    if (typeof cg === 'string') {
      const message = `CANNOT TEST OOM ON THIS HOST: ${cg}`;
      process.stderr.write(`\n*** ${message} ***\n\n`);
      if (process.env.CI) assert.fail(message);
      t.skip(message);
      return;
    }
    const h = await startWithNotifier(
      t,
      `[program:hog]
command=sh -c 'echo $$ > ${cg.procs} && echo eating && exec ${HOG}'
startsecs=1
autorestart=false

[program:killed]
command=sh -c 'sleep 1.5; kill -KILL $$'
startsecs=1
autorestart=false
`,
      { flavour },
    );
    const oom = await h.waitForRecord('an oom record', (r) => r.type === 'oom', 30_000);
    assert.equal(oom.program, 'hog');
    assert.equal(oom.exit.signal, 'SIGKILL');
    assert.equal(
      oom.memory?.evidence,
      cg.version === 1 ? 'cgroup-v1:memory.oom_control' : 'cgroup-v2:memory.events',
    );
    assert.ok((oom.memory?.oomKillsAfter ?? 0) > (oom.memory?.oomKillsBefore ?? Infinity));
    assert.equal(oom.memory?.limitBytes, LIMIT);
    if (cg.version === 1)
      assert.ok((oom.memory?.peakBytes ?? 0) >= LIMIT * 0.9, String(oom.memory?.peakBytes));
    assert.deepEqual(oom.output.stdout, ['eating']);
    // A plain SIGKILL outside any OOM is a crash, not an oom.
    const crash = await h.waitForRecord('a crash record for killed', (r) => r.program === 'killed');
    assert.equal(crash.type, 'crash');
    assert.equal(crash.exit.signal, 'SIGKILL');
    await h.stop();
  });
}
