// The notifications the page lists, newest first: found in the directory the notifier writes (the
// dir= of [modulus:notify], or the `--dir` of a `modulus notify` event listener), read only when a page asks, and
// watched with inotify (fs.watch) only while at least one page is open.
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import type { SupervisorConfig } from '../config/model.js';
import { listNotifications, programLabel, type Listed } from '../notify/follow.js';
import type { NotificationRecord } from '../notify/record.js';
import { NOTIFICATION_NAME } from '../notify/writer.js';
import { splitShellWords } from '../supervisor/shell-words.js';

/** How many the page shows; the directory keeps up to a thousand. */
export const FEED_SIZE = 50;

/**
 * Where the notifier writes: [modulus:notify] dir= (the notifier inside the supervisor), else the
 * `--dir` of the first `modulus notify` listener in the config; null when there is neither.
 */
export function notificationsDir(config: SupervisorConfig): string | null {
  if (config.notify) return config.notify.dir;
  for (const group of config.groups) {
    if (group.kind !== 'eventlistener') continue;
    for (const pc of group.processes) {
      let words: string[];
      try {
        words = splitShellWords(pc.command);
      } catch {
        continue;
      }
      const notify = words.indexOf('notify');
      if (notify < 0) continue;
      for (let i = notify + 1; i < words.length; i++) {
        const word = words[i]!;
        if (word === '--dir' && words[i + 1] !== undefined) return words[i + 1]!;
        if (word.startsWith('--dir=')) return word.slice('--dir='.length);
      }
    }
  }
  return null;
}

/** A record as the page shows it: with `who` (`group:name`, or the bare name). */
export type FeedItem = NotificationRecord & { readonly who: string };

/** The newest records in `dir`, newest first; [] when the directory is missing. */
export function newestNotifications(dir: string, count = FEED_SIZE): FeedItem[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((n) => NOTIFICATION_NAME.test(n))
      .sort();
  } catch {
    return [];
  }
  const after = names.length > count ? names[names.length - count - 1]! : '';
  let listed: Listed[];
  try {
    listed = listNotifications(dir, after);
  } catch {
    return [];
  }
  return listed
    .map((l) => l.record)
    .filter((r): r is NotificationRecord => r !== null)
    .map((r) => ({ ...r, who: programLabel(r) }))
    .reverse();
}

/** One inotify watch on the directory shared by every open page; closed when the last one leaves. */
export class NotificationWatch {
  private watcher: FSWatcher | null = null;
  private readonly listeners = new Set<() => void>();
  private pending = false;

  constructor(private readonly dir: string) {}

  /** Calls `onChange` (at most once per turn of the event loop) while subscribed. */
  subscribe(onChange: () => void): () => void {
    this.listeners.add(onChange);
    if (this.watcher === null) {
      try {
        this.watcher = watch(this.dir, { persistent: false }, () => this.changed());
        this.watcher.on('error', () => this.close());
      } catch {
        // No directory (yet): the page shows none; a reconnect tries again.
      }
    }
    return () => {
      this.listeners.delete(onChange);
      if (this.listeners.size === 0) this.close();
    };
  }

  private changed(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      for (const listener of [...this.listeners]) listener();
    });
  }

  private close(): void {
    this.watcher?.close();
    this.watcher = null;
  }
}
