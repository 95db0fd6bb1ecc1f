// The log files of every process's stdout and stderr: named paths or AUTO files in
// childlogdir (named as supervisord names them), opened on first output and kept across
// restarts, reopened on SIGUSR2, closed (flushed) at shutdown.
import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ProcessConfig, SupervisordConfig } from '../config/model.js';
import { LogFile, type LogWarning } from '../logs/log-file.js';
import { randomName } from '../os/random-name.js';
import { lossNotice, type LossRecord } from '../logs/loss-notice.js';
import type { OutputSink } from './process-runner.js';
import type { MainLog } from './supervisor.js';

type Stream = 'stdout' | 'stderr';

export class ChildLogs {
  private readonly files = new Map<string, LogFile>();
  private readonly autoPaths = new Map<string, string>();

  constructor(
    private readonly config: SupervisordConfig,
    private readonly mainLog: MainLog,
    /** Told of every loss a log reports (the notifier turns it into a log-loss notification). */
    private readonly onLoss: (loss: LossRecord, program: ProcessConfig) => void = () => {},
  ) {}

  /** The file a stream is written to, or null when it is discarded (NONE or redirected). */
  path(pc: ProcessConfig, stream: Stream): string | null {
    if (stream === 'stderr' && pc.redirectStderr) return null;
    const logfile = pc[stream].logfile;
    if (logfile === null) return null;
    if (logfile !== 'AUTO') return logfile;
    const key = keyOf(pc, stream);
    let auto = this.autoPaths.get(key);
    if (!auto) {
      const suffix = randomName(8);
      auto = join(this.config.childlogdir, `${pc.name}-${stream}---${this.config.identifier}-${suffix}.log`);
      this.autoPaths.set(key, auto);
    }
    return auto;
  }

  sink(pc: ProcessConfig, stream: Stream): OutputSink | null {
    const key = keyOf(pc, stream);
    const open = this.files.get(key);
    if (open) return open;
    const path = this.path(pc, stream);
    if (path === null) return null;
    const sc = pc[stream];
    try {
      const file = LogFile.open(path, {
        maxbytes: sc.maxbytes,
        backups: sc.backups,
        timestamps: sc.timestamps,
      });
      file.on('loss', (loss: LossRecord) => {
        this.mainLog.log(
          'warn',
          `${pc.name} ${stream}: ${lossNotice(loss)
            .replace(/^\[modulus\] /, '')
            .trimEnd()}`,
        );
        this.onLoss(loss, pc);
      });
      file.on('warning', (w: LogWarning) => this.mainLog.log('warn', `${pc.name} ${stream}: ${w.message}`));
      this.files.set(key, file);
      return file;
    } catch (err) {
      this.mainLog.log(
        'error',
        `cannot open ${stream} log of ${pc.name}: ${err instanceof Error ? err.message : String(err)}`,
      );
      return null;
    }
  }

  /** The open log file of a stream, if it was opened (for reads and clears). */
  file(pc: ProcessConfig, stream: Stream): LogFile | undefined {
    return this.files.get(keyOf(pc, stream));
  }

  reopen(): void {
    for (const file of this.files.values()) file.reopen();
  }

  /** Closes the files of one process (removed group) or of all. */
  async close(match: (key: string) => boolean = () => true): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const [key, file] of this.files) {
      if (!match(key)) continue;
      this.files.delete(key);
      closing.push(file.close());
    }
    await Promise.all(closing);
  }

  /** Deletes the AUTO files this run created and their backups (unless nocleanup), at shutdown. */
  removeAutoFiles(): void {
    if (this.config.nocleanup || this.autoPaths.size === 0) return;
    const ours = new Set([...this.autoPaths.values()].map((p) => basename(p)));
    let names: string[];
    try {
      names = readdirSync(this.config.childlogdir);
    } catch {
      return;
    }
    for (const name of names) {
      if (ours.has(name.replace(/\.\d+$/, ''))) rmSync(join(this.config.childlogdir, name), { force: true });
    }
  }

  /** supervisord's startup cleanup: AUTO files of earlier runs with the same identifier. */
  static clearStaleAutoFiles(config: SupervisordConfig): number {
    if (config.nocleanup) return 0;
    const pattern = new RegExp(
      `^.+-(stdout|stderr)---${escapeRegExp(config.identifier)}-.{8}\\.log(\\.\\d+)?$`,
    );
    let removed = 0;
    let names: string[] = [];
    try {
      names = readdirSync(config.childlogdir);
    } catch {
      return 0;
    }
    for (const name of names) {
      if (!pattern.test(name)) continue;
      rmSync(join(config.childlogdir, name), { force: true });
      removed++;
    }
    return removed;
  }
}

function keyOf(pc: ProcessConfig, stream: Stream): string {
  return `${pc.group}:${pc.name}:${stream}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
