// Reads this process's resource limits from /proc/self/limits (Node has no getrlimit), for
// supervisord's minfds and minprocs checks. Node raises its own soft RLIMIT_NOFILE to the hard
// limit at start-up, so the hard limit is what bounds the supervisor's file descriptors.
import { readFileSync } from 'node:fs';

export interface Limit {
  readonly soft: number;
  readonly hard: number;
}

/** `Max open files` → RLIMIT_NOFILE, `Max processes` → RLIMIT_NPROC; Infinity for unlimited. */
export function readLimits(text = safeRead('/proc/self/limits')): { files?: Limit; processes?: Limit } {
  const parse = (label: string): Limit | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(label));
    if (!line) return undefined;
    const [soft, hard] = line.slice(label.length).trim().split(/\s+/);
    const num = (v: string | undefined): number => (v === 'unlimited' ? Infinity : Number(v));
    return { soft: num(soft), hard: num(hard) };
  };
  return { files: parse('Max open files'), processes: parse('Max processes') };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
