// `modulus notifications DIR [--follow] [--json]`: the notifications in a volume's directory, one
// line each, newest last; --follow keeps waiting for new ones.
import { ModulusError } from '../errors/modulus-error.js';
import { formatJson, formatLine, watchNotifications } from '../notify/follow.js';
import { parseFlags } from './flags.js';

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, [{ short: 'f', long: 'follow' }, { long: 'json' }], 'notifications');
  const [dir, ...extra] = flags.positional;
  if (dir === undefined || extra.length > 0) {
    throw new ModulusError('USAGE', 'notifications: usage: modulus notifications DIR [--follow] [--json]');
  }
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    for await (const item of watchNotifications(dir, {
      follow: flags.has('follow'),
      signal: controller.signal,
    })) {
      process.stdout.write(`${flags.has('json') ? formatJson(item) : formatLine(item)}\n`);
    }
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === 'ENOENT' ||
      (err as NodeJS.ErrnoException).code === 'ENOTDIR'
    ) {
      throw new ModulusError('NOTIFY_DIR', `no notifications directory at ${dir}`, { cause: err });
    }
    throw err;
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
  return 0;
}
