// The interactive shell: `status` first, then a `supervisor> ` prompt until quit, exit, end of
// input or Ctrl-C, with a history file and tab completion of commands, groups and processes.
import { readFileSync, writeFileSync } from 'node:fs';
import type { AsyncCompleter } from 'node:readline';
import type { XmlRpcValue } from '../rpc/xmlrpc-value.js';
import type { Controller } from './controller.js';
import { namespec, toProcessInfo, type ProcessInfo } from './format.js';
import { createTerminal, type Terminal } from './terminal.js';

const GROUP_COMMANDS = new Set(['add', 'remove', 'update']);
const PROCESS_COMMANDS = new Set([
  'clear',
  'fg',
  'pid',
  'restart',
  'signal',
  'start',
  'status',
  'stop',
  'tail',
]);

/**
 * Completions for the word before the cursor, as supervisorctl offers them: commands first, then
 * group names after add/remove/update, process names (`group:name`, `group:*`) after the others.
 */
export function completions(line: string, commands: readonly string[], infos: () => ProcessInfo[]): string[] {
  const words = line.split(/\s+/).filter(Boolean);
  const text = /\s$/.test(line) || words.length === 0 ? '' : words[words.length - 1]!;
  const pick = (names: readonly string[]) => names.filter((n) => n.startsWith(text)).map((n) => `${n} `);
  const action = words[0];
  if (action === undefined || (words.length === 1 && text !== '')) return pick(commands);
  if (action === 'help') return pick(commands);
  if (GROUP_COMMANDS.has(action)) return pick([...new Set(infos().map((i) => i.group))]);
  if (!PROCESS_COMMANDS.has(action)) return [];
  const names: string[] = [];
  for (const info of infos()) {
    if (text.includes(':') || info.name !== info.group) {
      names.push(namespec(info.group, info.name));
      if (!names.includes(`${info.group}:*`)) names.push(`${info.group}:*`);
    } else names.push(info.name);
  }
  return pick(names);
}

function readHistory(file: string | null): string[] {
  if (file === null) return [];
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

function writeHistory(file: string | null, lines: readonly string[]): void {
  if (file === null) return;
  try {
    writeFileSync(file, lines.map((l) => `${l}\n`).join(''));
  } catch {
    // supervisorctl ignores a history file it cannot write, and so do we.
  }
}

export interface ShellTerminal {
  readonly terminal: Terminal;
  /** Drops the process list completion uses; called before each command line. */
  forget(): void;
}

/**
 * A terminal for the shell, given the controller it will serve: completion backed by one
 * getAllProcessInfo per command line, history from the history file.
 */
export function shellTerminal(controller: () => Controller, historyFile: string | null): ShellTerminal {
  let cached: ProcessInfo[] | undefined;
  const completer: AsyncCompleter = (line, callback) => {
    const ctl = controller();
    const vocabulary = ctl.commandNames().filter((n) => n !== 'EOF');
    const load = cached
      ? Promise.resolve(cached)
      : ctl
          .call('getAllProcessInfo')
          .then((all) => (cached = (all as XmlRpcValue[]).map(toProcessInfo)))
          .catch(() => [] as ProcessInfo[]);
    const needsInfos = !/^\s*\S*$/.test(line) && !/^\s*help\s/.test(line);
    (needsInfos ? load : Promise.resolve([])).then(
      (infos) => {
        const text = /\s$/.test(line) ? '' : (line.split(/\s+/).pop() ?? '');
        callback(null, [completions(line, vocabulary, () => infos), text]);
      },
      (err: Error) => callback(err, [[], line]),
    );
  };
  const terminal = createTerminal({
    completer,
    history: readHistory(historyFile),
    // Ctrl-C during a command nothing else listens for ends the shell, as KeyboardInterrupt does.
    onInterrupt: () => {
      controller().output('');
      writeHistory(historyFile, terminal.history());
      process.exit(0);
    },
  });
  return { terminal, forget: () => (cached = undefined) };
}

/**
 * Runs the shell until the user leaves; `commands` run first without a prompt (supervisorctl
 * queues `status`). The exit status of the shell is always 0, as supervisorctl's.
 */
export async function runShell(
  ctl: Controller,
  shell: ShellTerminal,
  commands: readonly string[],
): Promise<void> {
  const { terminal, forget } = shell;
  try {
    for (const line of commands) {
      forget();
      if ((await ctl.onecmd(line)) === 'exit') return;
    }
    for (;;) {
      const line = await terminal.readLine(`${ctl.options.prompt}> `);
      if (line === null) return ctl.output('');
      forget();
      if ((await ctl.onecmd(line)) === 'exit') return;
    }
  } finally {
    writeHistory(ctl.options.historyFile, terminal.history());
    terminal.close();
  }
}
