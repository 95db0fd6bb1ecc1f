// What supervisorctl prints, as pure functions of what the server returned: status columns,
// per-process results of start/stop/signal/clear, reread changes, avail rows, help topics.
import { FAULTS } from '../rpc/faults.js';
import type { XmlRpcStruct, XmlRpcValue } from '../rpc/xmlrpc-value.js';

/** The members of a getAllProcessInfo / getProcessInfo struct that the client reads. */
export interface ProcessInfo {
  readonly name: string;
  readonly group: string;
  readonly state: number;
  readonly statename: string;
  readonly description: string;
  readonly pid: number;
}

/** One entry of a multi-process result (startAllProcesses, stopProcessGroup, …). */
export interface ProcessResult {
  readonly name: string;
  readonly group: string;
  readonly status: number;
  readonly description: string;
}

export function toProcessInfo(value: XmlRpcValue): ProcessInfo {
  const s = value as XmlRpcStruct;
  return {
    name: String(s.name),
    group: String(s.group),
    state: Number(s.state),
    statename: String(s.statename),
    description: String(s.description ?? ''),
    pid: Number(s.pid ?? 0),
  };
}

export function toProcessResult(value: XmlRpcValue): ProcessResult {
  const s = value as XmlRpcStruct;
  return {
    name: String(s.name),
    group: String(s.group),
    status: Number(s.status),
    description: String(s.description ?? ''),
  };
}

/** `web` for a process alone in its group of the same name, `pool:pool_0` otherwise. */
export function namespec(group: string, name: string): string {
  return group === name ? name : `${group}:${name}`;
}

/** `group:*`, `group:` and `group` name the group (process null); `group:proc` one process. */
export function splitNamespec(spec: string): { group: string; process: string | null } {
  const at = spec.indexOf(':');
  if (at < 0) return { group: spec, process: spec };
  const process = spec.slice(at + 1);
  return { group: spec.slice(0, at), process: process === '' || process === '*' ? null : process };
}

/** The name column is at least 30 wide plus 3 spaces, the state column 10, as supervisorctl pads. */
export function statusLines(infos: readonly ProcessInfo[]): string[] {
  const names = infos.map((i) => namespec(i.group, i.name));
  const width = Math.max(30, ...names.map((n) => n.length)) + 3;
  return infos.map((info, i) => `${names[i]!.padEnd(width)}${info.statename.padEnd(10)}${info.description}`);
}

const ERROR_TEXTS: Readonly<Record<string, Readonly<Record<number, string>>>> = {
  start: {
    [FAULTS.BAD_NAME]: 'no such process',
    [FAULTS.NO_FILE]: 'no such file',
    [FAULTS.NOT_EXECUTABLE]: 'file is not executable',
    [FAULTS.ALREADY_STARTED]: 'already started',
    [FAULTS.SPAWN_ERROR]: 'spawn error',
    [FAULTS.ABNORMAL_TERMINATION]: 'abnormal termination',
  },
  signal: {
    [FAULTS.BAD_NAME]: 'no such process',
    [FAULTS.BAD_SIGNAL]: 'bad signal name',
    [FAULTS.NOT_RUNNING]: 'not running',
  },
  clear: { [FAULTS.BAD_NAME]: 'no such process', [FAULTS.FAILED]: 'failed' },
};

/**
 * `web: started` / `web: ERROR (spawn error)`; `success` is the verb for SUCCESS. A FAILED stop or
 * signal prints the server's own description. An unexpected code is an error, as in supervisorctl.
 */
export function resultLine(
  kind: 'start' | 'signal' | 'clear',
  result: ProcessResult,
  success: string,
): string {
  const name = namespec(result.group, result.name);
  if (result.status === FAULTS.SUCCESS) return `${name}: ${success}`;
  const text = ERROR_TEXTS[kind]![result.status];
  if (text !== undefined) return `${name}: ERROR (${text})`;
  if (kind === 'signal' && result.status === FAULTS.FAILED) return result.description;
  throw new Error(`Unknown result code ${result.status} for ${name}`);
}

/** reloadConfig's [added, changed, removed] as `name: available|changed|disappeared`, sorted. */
export function changesLines(
  changes: readonly [readonly string[], readonly string[], readonly string[]],
): string[] {
  const byName = new Map<string, string>();
  const [added, changed, removed] = changes;
  for (const n of added) byName.set(n, 'available');
  for (const n of changed) byName.set(n, 'changed');
  for (const n of removed) byName.set(n, 'disappeared');
  if (byName.size === 0) return ['No config updates to processes'];
  return [...byName.keys()].sort(comparePython).map((n) => `${n}: ${byName.get(n)}`);
}

/** One getAllConfigInfo entry as an `avail` row. */
export function configInfoLine(info: XmlRpcStruct): string {
  const name = namespec(String(info.group), String(info.name)).padEnd(32);
  const inuse = (info.inuse ? 'in use' : 'avail').padEnd(9);
  const auto = (info.autostart ? 'auto' : 'manual').padEnd(9);
  return `${name} ${inuse} ${auto} ${String(info.group_prio)}:${String(info.process_prio)}`;
}

/**
 * Words laid out in the fewest rows whose columns (two spaces apart) fit in `width`, filled
 * column by column, every cell padded, as Python's cmd module lays out help topics.
 */
export function columnize(words: readonly string[], width = 79): string[] {
  if (words.length === 0) return ['<empty>'];
  for (let rows = 1; rows <= words.length; rows++) {
    const cols = Math.ceil(words.length / rows);
    const widths: number[] = [];
    for (let c = 0; c < cols; c++) {
      widths.push(Math.max(0, ...words.slice(c * rows, (c + 1) * rows).map((w) => w.length)));
    }
    const total = widths.reduce((a, b) => a + b, 0) + 2 * (cols - 1);
    // One word per row when nothing fits; Python pads nothing then.
    if (rows === words.length) return [...words];
    if (total <= width) {
      const lines: string[] = [];
      for (let r = 0; r < rows; r++) {
        const cells: string[] = [];
        for (let c = 0; c < cols; c++) {
          const w = words[r + c * rows];
          if (w !== undefined) cells.push(w.padEnd(widths[c]!));
        }
        lines.push(cells.join('  '));
      }
      return lines;
    }
  }
  return [];
}

/** Python's default string order (code points), which reread uses to sort group names. */
export function comparePython(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
