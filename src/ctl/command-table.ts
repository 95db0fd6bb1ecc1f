// Every supervisorctl command by name, and `help`, which lists them and prints their help lines.
import { addCommand, availCommand, removeCommand, rereadCommand, updateCommand } from './config-commands.js';
import { restartCommand, signalCommand, startCommand, stopCommand } from './control.js';
import type { CommandSpec, Controller } from './controller.js';
import { fgCommand } from './fg.js';
import { columnize, comparePython } from './format.js';
import { reloadCommand, shutdownCommand } from './lifecycle.js';
import { clearCommand } from './logs.js';
import { eofCommand, exitCommand, openCommand, pidCommand, quitCommand, versionCommand } from './misc.js';
import { statusCommand } from './status.js';
import { maintailCommand, tailCommand } from './tail.js';

const HELP_HELP = ['help\t\tList the commands', 'help <action>\tShow the help of one command'];
const TOPICS_HEADER = 'default commands (type help <topic>):';

async function help(ctl: Controller, arg: string): Promise<void> {
  if (arg === 'help') {
    for (const line of HELP_HELP) ctl.output(line);
    return;
  }
  if (arg === '') {
    const topics = ctl
      .commandNames()
      .filter((name) => ctl.command(name)?.help !== undefined)
      .sort(comparePython);
    ctl.output('');
    for (const line of [TOPICS_HEADER, '='.repeat(TOPICS_HEADER.length), ...columnize(topics)])
      ctl.output(line);
    ctl.output('');
    return;
  }
  const lines = ctl.command(arg)?.help;
  if (lines === undefined) return ctl.output(`*** No help on ${arg}`);
  for (const line of lines) ctl.output(line);
}

export const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  add: addCommand,
  avail: availCommand,
  clear: clearCommand,
  exit: exitCommand,
  fg: fgCommand,
  help: { run: help },
  maintail: maintailCommand,
  open: openCommand,
  pid: pidCommand,
  quit: quitCommand,
  reload: reloadCommand,
  remove: removeCommand,
  reread: rereadCommand,
  restart: restartCommand,
  shutdown: shutdownCommand,
  signal: signalCommand,
  start: startCommand,
  status: statusCommand,
  stop: stopCommand,
  tail: tailCommand,
  update: updateCommand,
  version: versionCommand,
  EOF: eofCommand,
};
