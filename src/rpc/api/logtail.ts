// The /logtail/NAME[/stderr] and /mainlogtail streams behind `supervisorctl tail -f` and
// `maintail -f`: the last 1024 bytes of the log, then whatever is appended. A process or file that
// does not exist (yet) is a 404, as supervisord answers.
import { statSync } from 'node:fs';
import { followLog } from '../../logs/follow.js';
import type { LogTailTarget } from '../logtail-path.js';
import type { LogTailHandler, LogTailStream } from '../logtail-stream.js';
import type { ApiContext } from './context.js';

/** How far before the end a tail starts (supervisord's tail_f_producer head). */
export const TAIL_HEAD_BYTES = 1024;

export function createLogTailHandler(ctx: ApiContext, pollMs?: number): LogTailHandler {
  return async (target, signal) => {
    const path = pathOf(ctx, target);
    if (path === null) return null;
    return open(path, signal, pollMs);
  };
}

function pathOf(ctx: ApiContext, target: LogTailTarget): string | null {
  if (target.kind === 'main') return ctx.mainLog.file?.path ?? null;
  const session = ctx.session();
  if (session === null) return null;
  const { supervisor, logs } = session;
  const p = supervisor.groups.get(target.group)?.processes.get(target.name);
  if (p === undefined) return null;
  return logs.path(p.config, target.channel);
}

function open(path: string, signal: AbortSignal, pollMs?: number): LogTailStream | null {
  try {
    const lastModified = statSync(path).mtime;
    return { lastModified, chunks: followLog(path, { head: TAIL_HEAD_BYTES, signal, pollMs }) };
  } catch {
    return null;
  }
}
