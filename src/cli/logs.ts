// `modulus logs [--name N] [-f] [-n LINES]`: the app's log (app.log in the run's volume), its last
// lines and, with -f, what it writes next, across rotations, until Ctrl-C.
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import { lastLinesBytes, readLastLines } from '../host/last-lines.js';
import { findRun } from '../host/run-record.js';
import { volumePaths } from '../host/volume-layout.js';
import { workspace } from '../host/workspace.js';
import { followLog } from '../logs/follow.js';
import { parseFlags } from './flags.js';

const FLAGS = [
  { long: 'name', value: true },
  { short: 'f', long: 'follow' },
  { short: 'n', long: 'lines', value: true },
  { short: 'h', long: 'help' },
] as const;

const USAGE = `Usage: modulus logs [--name NAME] [-f] [-n LINES]

Prints the last LINES (default 100) of the app's log from the run started in this directory
(the latest one, or the run called NAME); -f keeps printing what the app writes, across rotations.
`;

function lineCount(text: string | undefined): number {
  if (text === undefined) return 100;
  if (!/^\d+$/.test(text))
    throw new ModulusError('USAGE', `logs: -n expects a number of lines, got "${text}"`);
  return Number(text);
}

export async function main(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, FLAGS, 'logs');
  if (flags.has('help')) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (flags.positional.length > 0)
    throw new ModulusError('USAGE', `logs: unexpected argument "${flags.positional[0]}"`);
  const lines = lineCount(flags.get('lines'));
  const run = findRun(workspace(), flags.get('name'));
  const file = volumePaths(run.volume).appLog;
  try {
    if (!flags.has('follow')) {
      process.stdout.write(readLastLines(file, lines).text);
      return 0;
    }
    await follow(file, lines);
    return 0;
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ELOOP')
      throw new ModulusError(
        'LOG_NO_FILE',
        `no app log at ${file}${code === 'ELOOP' ? ' (a symlink)' : ''}`,
        {
          cause: err,
          hint: 'The app has not written anything yet, or the volume was removed.',
        },
      );
    throw err;
  }
}

async function follow(file: string, lines: number): Promise<void> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    const head = lastLinesBytes(file, lines);
    for await (const chunk of followLog(file, { head, signal: controller.signal })) {
      if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}
