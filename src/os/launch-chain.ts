// What Node's spawn actually runs for a SpawnSpec. Node can set a child's uid and gid but drops
// its supplementary groups, cannot set its resource limits, and cannot share one pipe between
// two of its descriptors; for each, a small exec-in-place helper goes in front of the program:
// util-linux's prlimit (limits, applied first, while still root), setpriv (supplementary groups,
// gid, uid), then sh for redirect_stderr (only where the child has Node's sockets: one of our pipes
// is simply given as both fd 1 and 2). Each execs the next, so the pid stays the program's.
import type { ChildLimit, SpawnSpec } from './process-host.js';

export interface Launch {
  readonly file: string;
  /** argv including argv[0]. */
  readonly argv: readonly string[];
  /** Set when Node itself switches user (no supplementary groups were asked for). */
  readonly uid?: number;
  readonly gid?: number;
}

export interface LaunchTools {
  readonly prlimit: string;
  readonly setpriv: string;
  readonly sh: string;
}

export const DEBIAN_TOOLS: LaunchTools = {
  prlimit: '/usr/bin/prlimit',
  setpriv: '/usr/bin/setpriv',
  sh: '/bin/sh',
};

// The shell dup2s stderr onto stdout and execs the program in place, keeping the pid.
const REDIRECT_STDERR_SCRIPT = 'exec "$0" "$@" 2>&1';

export function launchChain(spec: SpawnSpec, tools: LaunchTools = DEBIAN_TOOLS): Launch {
  const [argv0 = spec.file, ...args] = spec.argv;
  // A helper finds its next program with execvp: a bare argv[0] that PATH resolves to the file
  // keeps the program's argv[0] as written, as a direct exec would; otherwise the path is used.
  const bare = !argv0.includes('/') && spec.file.endsWith(`/${argv0}`);
  let next: string[] = [bare ? argv0 : spec.file, ...args];
  let launch: Launch = { file: spec.file, argv: spec.argv };
  if (spec.redirectStderr) {
    next = [tools.sh, '-c', REDIRECT_STDERR_SCRIPT, spec.file, ...args];
    launch = { file: tools.sh, argv: ['sh', '-c', REDIRECT_STDERR_SCRIPT, spec.file, ...args] };
  }
  const limits = limitOptions(spec.limits);
  // Only groups beyond the primary one need setpriv: Node's setgid gives the same access (the
  // primary gid is the egid), one exec cheaper, and prlimit must still run as root before it.
  const extraGroups = (spec.groups ?? []).some((g) => g !== (spec.gid ?? spec.uid));
  if (spec.uid != null && spec.groups && (extraGroups || limits.length > 0)) {
    next = [
      tools.setpriv,
      `--reuid=${spec.uid}`,
      `--regid=${spec.gid ?? spec.uid}`,
      `--groups=${spec.groups.join(',')}`,
      '--',
      ...next,
    ];
    launch = { file: tools.setpriv, argv: ['setpriv', ...next.slice(1)] };
  } else if (spec.uid != null) {
    launch = { ...launch, uid: spec.uid, gid: spec.gid ?? undefined };
  }
  if (limits.length > 0) {
    next = [tools.prlimit, ...limits, '--', ...next];
    launch = { ...launch, file: tools.prlimit, argv: ['prlimit', ...next.slice(1)] };
  }
  return launch;
}

function limitOptions(limits: SpawnSpec['limits']): string[] {
  const value = (n: number): string => (n === Infinity ? 'unlimited' : String(n));
  const option = (name: string, limit: ChildLimit | undefined): string[] =>
    limit ? [`--${name}=${value(limit.soft)}:${value(limit.hard)}`] : [];
  return [...option('nofile', limits?.files), ...option('nproc', limits?.processes)];
}
