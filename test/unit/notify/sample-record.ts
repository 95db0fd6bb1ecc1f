// A complete record for tests to vary.
import { RECORD_VERSION, type NotificationRecord } from '../../../src/notify/record.js';

export function sampleRecord(over: Partial<NotificationRecord> = {}): NotificationRecord {
  return {
    version: RECORD_VERSION,
    type: 'crash',
    time: '2026-11-29T14:08:44.344Z',
    hostname: 'box',
    supervisor: 'modulus',
    program: 'web',
    group: 'web',
    pid: 42,
    exit: { code: 3, signal: null },
    expected: false,
    uptimeSeconds: 1.2,
    restarts: 4,
    fromState: 'RUNNING',
    spawnError: null,
    output: { stdout: ['hello', 'boom'], stderr: null },
    memory: {
      evidence: 'cgroup-v1:memory.oom_control',
      cgroup: '/docker/abc',
      oomKillsBefore: 0,
      oomKillsAfter: 0,
      limitBytes: 536870912,
      peakBytes: 1000,
    },
    logLoss: null,
    coalesced: null,
    dropped: 0,
    unknown: [],
    ...over,
  };
}
