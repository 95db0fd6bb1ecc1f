// Our [modulus:notify] section: the notifier runs inside our supervisor (src/notify/in-process.ts)
// instead of as a `modulus notify` [eventlistener]. supervisord ignores sections it does not know,
// so a config holding this section still loads under stock supervisord (without a notifier there).
import type { Expansions } from './expand.js';
import type { NotifyConfig } from './model.js';
import { absolutePath, type PathContext } from './paths.js';
import type { SectionReader } from './section-reader.js';
import * as v from './values.js';

export const NOTIFY_SECTION = 'modulus:notify';
export const NOTIFY_KEYS: ReadonlySet<string> = new Set(['dir', 'max_files', 'max_bytes', 'coalesce_secs']);

// The same defaults as `modulus notify`'s flags (src/cli/notify.ts, src/notify/writer.ts).
export const NOTIFY_DEFAULTS = { maxFiles: 1000, maxBytes: 10 * 1024 * 1024, coalesceSecs: 5 } as const;

function positiveInteger(value: string): number {
  const n = v.integer(value);
  if (n < 1) throw new Error(`expected an integer of 1 or more, got ${JSON.stringify(value)}`);
  return n;
}

function positiveSize(value: string): number {
  const n = v.byteSize(value);
  if (n < 1) throw new Error(`expected a size of at least 1 byte, got ${JSON.stringify(value)}`);
  return n;
}

function seconds(value: string): number {
  const t = value.trim();
  if (!/^\d+(\.\d+)?$/.test(t)) {
    throw new Error(`expected a non-negative number of seconds, got ${JSON.stringify(value)}`);
  }
  return Number(t);
}

export function notifySection(r: SectionReader, names: Expansions, paths: PathContext): NotifyConfig {
  const dir = r.string('dir', names);
  if (dir === undefined || dir.trim() === '') {
    throw r.error(undefined, 'needs a dir= line (the notifications directory)', 'CONFIG_MISSING_KEY');
  }
  const config: NotifyConfig = {
    dir: absolutePath(dir.trim(), paths),
    maxFiles: r.get('max_files', positiveInteger, NOTIFY_DEFAULTS.maxFiles, names),
    maxBytes: r.get('max_bytes', positiveSize, NOTIFY_DEFAULTS.maxBytes, names),
    coalesceSecs: r.get('coalesce_secs', seconds, NOTIFY_DEFAULTS.coalesceSecs, names),
  };
  r.warnUnknown(NOTIFY_KEYS);
  return config;
}
