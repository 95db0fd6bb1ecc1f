// `status [--json] [name|group:*|all …]`: one line per process in supervisorctl's columns (or a
// JSON array of the getAllProcessInfo structs for scripts), exiting 3 when any is not running
// and 4 for an unknown name or an unreachable server.
import type { XmlRpcValue } from '../rpc/xmlrpc-value.js';
import type { CommandSpec, Controller } from './controller.js';
import { STATUS_EXIT } from './exit-codes.js';
import { splitNamespec, statusLines, toProcessInfo } from './format.js';

/** STOPPED, EXITED, FATAL, UNKNOWN (supervisord's STOPPED_STATES). */
const STOPPED_STATES: ReadonlySet<number> = new Set([0, 100, 200, 1000]);

async function status(ctl: Controller, arg: string): Promise<void> {
  let words = arg.split(/\s+/).filter(Boolean);
  const json = words.includes('--json');
  words = words.filter((w) => w !== '--json');
  if (!(await ctl.upcheck())) {
    ctl.exitStatus = STATUS_EXIT.UNKNOWN;
    return;
  }
  const raw = (await ctl.call('getAllProcessInfo')) as XmlRpcValue[];
  const infos = raw.map(toProcessInfo);
  let matching: number[] = infos.map((_, i) => i);
  if (words.length > 0 && !words.includes('all')) {
    matching = [];
    for (const word of words) {
      const { group, process } = splitNamespec(word);
      const found = infos.flatMap((info, i) =>
        info.group === group && (process === null || info.name === process) ? [i] : [],
      );
      if (found.length === 0) {
        const message =
          process === null ? `${group}: ERROR (no such group)` : `${word}: ERROR (no such process)`;
        // With --json, stdout stays one JSON document.
        if (json) ctl.io.writeError(`${message}\n`);
        else ctl.output(message);
        ctl.exitStatus = STATUS_EXIT.UNKNOWN;
      }
      matching.push(...found);
    }
  }
  if (json)
    ctl.io.write(
      `${JSON.stringify(
        matching.map((i) => raw[i]),
        null,
        2,
      )}\n`,
    );
  else for (const line of statusLines(matching.map((i) => infos[i]!))) ctl.output(line);
  if (matching.some((i) => STOPPED_STATES.has(infos[i]!.state))) ctl.exitStatus = STATUS_EXIT.NOT_RUNNING;
}

export const statusCommand: CommandSpec = {
  run: status,
  help: [
    'status <name>\t\tShow the state of one process',
    'status <gname>:*\tShow the state of every process in a group',
    'status <name> <name>\tShow the state of several processes',
    'status\t\t\tShow the state of every process',
    'status --json [...]\tThe same, as a JSON array of getProcessInfo structs',
  ],
};
