// `modulus notifications [DIR] [--name N] [--follow] [--json]`: the notifications in a volume's
// directory (by default, that of the app `modulus run` started here), one line each, newest last;
// --follow keeps waiting for new ones.
import { ModulusError } from '../errors/modulus-error.js';
import { findRun } from '../host/run-record.js';
import { volumePaths } from '../host/volume-layout.js';
import { workspace } from '../host/workspace.js';
import { formatJson, formatLine, watchNotifications } from '../notify/follow.js';
import { parseFlags } from './flags.js';

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(
    argv,
    [{ short: 'f', long: 'follow' }, { long: 'json' }, { long: 'name', value: true }],
    'notifications',
  );
  const [given, ...extra] = flags.positional;
  if (extra.length > 0 || (given !== undefined && flags.has('name'))) {
    throw new ModulusError(
      'USAGE',
      'notifications: usage: modulus notifications [DIR | --name NAME] [--follow] [--json]',
    );
  }
  const dir = given ?? volumePaths(findRun(workspace(), flags.get('name')).volume).notifications;
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
