// The host side: reads the notifications a directory holds, oldest first, shows each on one line
// (or as one line of JSON), and with --follow waits for new ones.
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseRecord, type NotificationRecord } from './record.js';
import { NOTIFICATION_NAME } from './writer.js';
import { tellingLine } from './telling-line.js';

export interface Listed {
  readonly name: string;
  /** null when the file is not a notification we can read (shown as such, not skipped silently). */
  readonly record: NotificationRecord | null;
}

/** Our notification files in `dir` whose names sort after `after`, oldest first. */
export function listNotifications(dir: string, after = ''): Listed[] {
  const names = fs
    .readdirSync(dir)
    .filter((n) => NOTIFICATION_NAME.test(n) && n > after)
    .sort();
  const listed: Listed[] = [];
  for (const name of names) {
    const text = readNoFollow(`${dir}/${name}`);
    if (text === undefined) continue;
    listed.push({ name, record: text === null ? null : parseRecord(text) });
  }
  return listed;
}

/** The file's text; undefined when it vanished; null when it is not a regular file. */
function readNoFollow(path: string): string | null | undefined {
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return null;
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Who a record is about: `group:name`, the bare name when they are the same, or the supervisor. */
export function programLabel(r: NotificationRecord): string {
  if (r.program === null) return 'supervisor';
  return r.group && r.group !== r.program ? `${r.group}:${r.program}` : r.program;
}

/** `2026-11-29T14:03:39.123Z  crash        web (pid 42) exit 1, up 3.2s, 4 restarts, ×12 — last: "boom"` */
export function formatLine(item: Listed): string {
  const r = item.record;
  if (r === null) return `${item.name}  (unreadable)`;
  const who = programLabel(r);
  const parts: string[] = [];
  if (r.exit?.signal) parts.push(`killed by ${r.exit.signal}`);
  else if (r.exit && r.exit.code !== null) parts.push(`exit ${r.exit.code}`);
  if (r.uptimeSeconds !== null && r.uptimeSeconds !== undefined)
    parts.push(`up ${formatSeconds(r.uptimeSeconds)}`);
  if (r.restarts !== null && r.restarts !== undefined) parts.push(`${r.restarts} restarts`);
  if (r.spawnError) parts.push(r.spawnError);
  if (r.type === 'oom' && r.memory?.limitBytes) parts.push(`limit ${formatBytes(r.memory.limitBytes)}`);
  if (r.type === 'oom' && r.memory?.peakBytes) parts.push(`peak ${formatBytes(r.memory.peakBytes)}`);
  if (r.logLoss) parts.push(`lost ${r.logLoss.bytes} bytes of ${r.logLoss.path} (${r.logLoss.error})`);
  if (r.coalesced) parts.push(`×${r.coalesced.count} since ${r.coalesced.first}`);
  if (r.dropped > 0) parts.push(`${r.dropped} older dropped`);
  const pid = r.pid !== null && r.pid !== undefined ? ` (pid ${r.pid})` : '';
  const last = tellingLine(r.output?.stdout ?? []) ?? tellingLine(r.output?.stderr ?? []);
  const tail = last ? ` — last: ${JSON.stringify(last.slice(0, 120))}` : '';
  return `${r.time}  ${r.type.padEnd(11)}  ${who}${pid}${parts.length ? ` ${parts.join(', ')}` : ''}${tail}`;
}

export function formatJson(item: Listed): string {
  return item.record === null
    ? JSON.stringify({ file: item.name, unreadable: true })
    : JSON.stringify(item.record);
}

/** Yields the files present, then (when following) each new one as it appears, until the signal aborts. */
export async function* watchNotifications(
  dir: string,
  options: { follow: boolean; signal?: AbortSignal; pollMs?: number },
): AsyncGenerator<Listed> {
  let last = '';
  for (;;) {
    for (const item of listNotifications(dir, last)) {
      last = item.name;
      yield item;
    }
    if (!options.follow || options.signal?.aborted) return;
    try {
      await sleep(options.pollMs ?? 250, undefined, { signal: options.signal });
    } catch {
      return;
    }
  }
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Number(s.toFixed(1))}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)}GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)}MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)}KiB`;
  return `${n}B`;
}
