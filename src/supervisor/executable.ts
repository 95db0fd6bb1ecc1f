// Turns `command=` into the file to exec and its argv: split like shlex, look the program up
// on PATH (the program's own PATH if environment= sets one), and check it can be executed,
// with supervisord's messages ("can't find command", "is not executable").
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { ModulusError } from '../errors/modulus-error.js';
import { splitShellWords } from './shell-words.js';

export interface ExecTarget {
  readonly file: string;
  readonly argv: readonly string[];
}

export function resolveExecutable(command: string, path: string | undefined): ExecTarget {
  const argv = splitShellWords(command);
  const program = argv[0];
  if (program === undefined) throw new ModulusError('SPAWN_FAILED', 'command is empty');
  let file = program;
  let st: Stats | undefined;
  if (program.includes('/')) {
    st = statOrUndefined(program);
  } else {
    for (const dir of (path ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
      const candidate = join(dir || '.', program);
      st = statOrUndefined(candidate);
      if (st) {
        file = candidate;
        break;
      }
    }
  }
  if (!st) throw new ModulusError('SPAWN_FAILED', `can't find command '${program}'`);
  if (st.isDirectory()) throw new ModulusError('SPAWN_FAILED', `command at '${file}' is a directory`);
  try {
    accessSync(file, constants.X_OK);
  } catch {
    throw new ModulusError('SPAWN_FAILED', `command at '${file}' is not executable`);
  }
  return { file, argv };
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
