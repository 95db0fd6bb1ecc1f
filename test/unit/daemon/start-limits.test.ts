import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchFileSoft, planStartLimits } from '../../../src/daemon/start-limits.js';

const NODE_RAISED = { files: { soft: 524288, hard: 524288 }, processes: { soft: 9000, hard: 9000 } };

test('the launch soft open-file limit is put back when it already meets minfds', () => {
  assert.deepEqual(
    planStartLimits({ minfds: 1024, minprocs: 200, launchFileSoft: 4096, current: NODE_RAISED }),
    [{ set: { files: { soft: 4096, hard: 524288 } }, info: null, refusal: null }],
  );
});

test('a launch soft limit below minfds becomes minfds, as supervisord raises it', () => {
  const [step] = planStartLimits({ minfds: 2048, minprocs: 200, launchFileSoft: 1024, current: NODE_RAISED });
  assert.deepEqual(step!.set, { files: { soft: 2048, hard: 524288 } });
  assert.equal(step!.info, 'Increased RLIMIT_NOFILE limit to 2048');
  assert.match(
    step!.refusal!,
    /^The minimum number of file descriptors required to run this process is 2048 /,
  );
});

test('a hard limit below the minimum is raised with it (which only root may do)', () => {
  const current = { files: { soft: 4096, hard: 4096 }, processes: { soft: 100, hard: 150 } };
  const steps = planStartLimits({ minfds: 8192, minprocs: 200, launchFileSoft: 4096, current });
  assert.deepEqual(
    steps.map((s) => s.set),
    [{ files: { soft: 8192, hard: 8192 } }, { processes: { soft: 200, hard: 200 } }],
  );
  assert.match(steps[0]!.refusal!, /will only allow you to open 4096 file descriptors\. {2}Either raise/);
  assert.match(
    steps[1]!.refusal!,
    /^The minimum number of available processes required to run this program is 200 /,
  );
  assert.match(steps[1]!.refusal!, /will only allow you to open 150 processes/);
});

test('nothing to set when the limits already are what supervisord would have', () => {
  const current = { files: { soft: 1024, hard: 4096 }, processes: { soft: Infinity, hard: Infinity } };
  assert.deepEqual(planStartLimits({ minfds: 1024, minprocs: 200, launchFileSoft: 1024, current }), []);
  const unlimited = { files: { soft: Infinity, hard: Infinity } };
  assert.deepEqual(
    planStartLimits({ minfds: 1024, minprocs: 200, launchFileSoft: Infinity, current: unlimited }),
    [],
  );
});

test('the launch limit: the recorded one, else the parent soft limit, never above our hard', () => {
  const parent = { files: { soft: 1024, hard: 524288 } };
  assert.equal(launchFileSoft({ MODULUS_LAUNCH_NOFILE: '2048' }, parent, NODE_RAISED), 2048);
  assert.equal(launchFileSoft({ MODULUS_LAUNCH_NOFILE: 'unlimited' }, parent, NODE_RAISED), 524288);
  assert.equal(launchFileSoft({ MODULUS_LAUNCH_NOFILE: 'junk' }, parent, NODE_RAISED), 1024);
  assert.equal(launchFileSoft({}, parent, NODE_RAISED), 1024);
  assert.equal(launchFileSoft({}, {}, NODE_RAISED), 524288, 'no parent to read: ours');
});
