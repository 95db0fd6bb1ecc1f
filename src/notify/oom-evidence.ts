// Telling an OOM kill from any other SIGKILL with what the kernel records: the memory cgroup's
// oom_kill counter (v2 memory.events, v1 memory.oom_control), read before and after a process exits.
import fs from 'node:fs';
import type { MemoryFacts, OomEvidenceKind } from './record.js';

export interface MemoryCgroup {
  readonly evidence: Exclude<OomEvidenceKind, 'none'>;
  /** The path in the hierarchy, as /proc/PID/cgroup names it. */
  readonly cgroup: string;
  /** Where it is mounted here. */
  readonly dir: string;
}

interface Mount {
  readonly root: string;
  readonly point: string;
  readonly fstype: string;
  readonly superOptions: string[];
}

// v1 reports "unlimited" as the largest page-aligned signed 64-bit value; anything this big is no limit.
const UNLIMITED_V1 = 2 ** 62;

/** The memory cgroup of `pid` ('self' for us), preferring v1's memory controller, then a v2 group with memory.events. */
export function locateMemoryCgroup(pid: number | 'self', procRoot = '/proc'): MemoryCgroup | null {
  const cgroupText = readText(`${procRoot}/${pid}/cgroup`);
  const mountText = readText(`${procRoot}/self/mountinfo`);
  if (cgroupText === null || mountText === null) return null;
  const mounts = parseMountInfo(mountText);
  const lines = cgroupText.split('\n').map((l) => l.split(':'));
  const v1 = lines.find((f) => f.length >= 3 && f[0] !== '0' && (f[1] ?? '').split(',').includes('memory'));
  if (v1) {
    const mount = mounts.find((m) => m.fstype === 'cgroup' && m.superOptions.includes('memory'));
    const found = mount && inMount(mount, v1.slice(2).join(':'), 'cgroup-v1:memory.oom_control');
    if (found && exists(`${found.dir}/memory.oom_control`)) return found;
  }
  const v2 = lines.find((f) => f[0] === '0' && f[1] === '');
  const mount2 = mounts.find((m) => m.fstype === 'cgroup2');
  if (v2 && mount2) {
    const found = inMount(mount2, v2.slice(2).join(':'), 'cgroup-v2:memory.events');
    if (found && exists(`${found.dir}/memory.events`)) return found;
  }
  return null;
}

/** The number of processes the OOM killer has killed in the cgroup; null when the kernel does not say. */
export function readOomKills(cg: MemoryCgroup): number | null {
  const file = cg.evidence === 'cgroup-v1:memory.oom_control' ? 'memory.oom_control' : 'memory.events';
  const text = readText(`${cg.dir}/${file}`);
  const m = text === null ? null : /^oom_kill (\d+)$/m.exec(text);
  return m ? Number(m[1]) : null;
}

export function readLimitBytes(cg: MemoryCgroup): number | null {
  const v1 = cg.evidence === 'cgroup-v1:memory.oom_control';
  const value = readNumber(`${cg.dir}/${v1 ? 'memory.limit_in_bytes' : 'memory.max'}`);
  return value === null || value >= UNLIMITED_V1 ? null : value;
}

export function readPeakBytes(cg: MemoryCgroup): number | null {
  const v1 = cg.evidence === 'cgroup-v1:memory.oom_control';
  // memory.peak exists from Linux 5.19 on; older v2 kernels keep no peak.
  return readNumber(`${cg.dir}/${v1 ? 'memory.max_usage_in_bytes' : 'memory.peak'}`);
}

/**
 * Keeps, per program, the cgroup its process ran in (learnt while it runs, since /proc/PID is gone
 * after the exit) and, per cgroup, the counter's value at the last look, so each exit sees the
 * kills since the previous one. A program never seen running is looked for in our own cgroup,
 * which in a container is everyone's.
 */
export class OomWatch {
  private readonly programs = new Map<string, MemoryCgroup>();
  private readonly counts = new Map<string, number | null>();
  private readonly own: MemoryCgroup | null;

  constructor(private readonly procRoot = '/proc') {
    this.own = locateMemoryCgroup('self', procRoot);
    if (this.own) this.counts.set(this.own.dir, readOomKills(this.own));
  }

  /** A process of `program` is running as `pid`: remember its cgroup, with a baseline count. */
  observe(program: string, pid: number): void {
    const cg = locateMemoryCgroup(pid, this.procRoot);
    if (!cg) return;
    this.programs.set(program, cg);
    if (!this.counts.has(cg.dir)) this.counts.set(cg.dir, readOomKills(cg));
  }

  /** After `program` exited: the counter before and after, with the limit and peak. */
  check(program: string): MemoryFacts {
    const cg = this.programs.get(program) ?? this.own;
    if (!cg) return NO_EVIDENCE;
    const after = readOomKills(cg);
    const before = this.counts.has(cg.dir) ? (this.counts.get(cg.dir) ?? null) : null;
    this.counts.set(cg.dir, after);
    return {
      evidence: after === null ? 'none' : cg.evidence,
      cgroup: cg.cgroup,
      oomKillsBefore: after === null ? null : before,
      oomKillsAfter: after,
      limitBytes: readLimitBytes(cg),
      peakBytes: readPeakBytes(cg),
    };
  }
}

export const NO_EVIDENCE: MemoryFacts = {
  evidence: 'none',
  cgroup: null,
  oomKillsBefore: null,
  oomKillsAfter: null,
  limitBytes: null,
  peakBytes: null,
};

/** The OOM kills between the two reads; null when either is unknown. */
export function oomKillsDuring(m: MemoryFacts): number | null {
  return m.oomKillsBefore === null || m.oomKillsAfter === null ? null : m.oomKillsAfter - m.oomKillsBefore;
}

export function parseMountInfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    if (dash < 6 || fields.length < dash + 4) continue;
    mounts.push({
      root: unescapeMount(fields[3]!),
      point: unescapeMount(fields[4]!),
      fstype: fields[dash + 1]!,
      superOptions: fields[dash + 3]!.split(','),
    });
  }
  return mounts;
}

/** A cgroup path under a mount whose root may itself be a cgroup (Docker without cgroup namespaces). */
function inMount(mount: Mount, path: string, evidence: MemoryCgroup['evidence']): MemoryCgroup | null {
  let rel = path;
  if (mount.root !== '/') {
    if (path !== mount.root && !path.startsWith(`${mount.root}/`)) return null;
    rel = path.slice(mount.root.length);
  }
  const dir = `${mount.point}${rel === '/' ? '' : rel}`.replace(/\/+$/, '') || '/';
  return { evidence, cgroup: path, dir };
}

function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

function readText(path: string): string | null {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readNumber(path: string): number | null {
  const text = readText(path)?.trim();
  return text !== undefined && /^\d+$/.test(text) ? Number(text) : null;
}

function exists(path: string): boolean {
  return fs.existsSync(path);
}
