// Shifting rotated files (app.log → app.log.1 → … → app.log.N, the oldest replaced), supervisord's
// scheme, done only through the directory descriptor so a planted app.log.K moves as a name, never followed.
import type { SafeDir } from './safe-dir.js';

/**
 * Moves the live file's name to `name.1` after shifting older backups up by one; with no backups,
 * or when the last rename fails (say a directory was planted at name.1), the live name is removed
 * instead, so maxbytes still bounds what the directory holds.
 */
export function shiftBackups(
  dir: SafeDir,
  name: string,
  backups: number,
  warn: (message: string) => void,
): void {
  if (backups > 0) {
    for (let i = backups - 1; i >= 1; i--) {
      const from = `${name}.${i}`;
      if (!dir.exists(from)) continue;
      try {
        dir.rename(from, `${name}.${i + 1}`);
      } catch (err) {
        warn(`cannot rename ${dir.path}/${from} to ${name}.${i + 1}: ${describe(err)}`);
      }
    }
    try {
      dir.rename(name, `${name}.1`);
      return;
    } catch (err) {
      warn(
        `cannot rename ${dir.path}/${name} to ${name}.1: ${describe(err)}; starting the log afresh instead`,
      );
    }
  }
  dir.unlink(name);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
