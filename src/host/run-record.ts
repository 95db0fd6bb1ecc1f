// What `modulus run` leaves behind so `ctl`, `logs` and `notifications` can find the app:
// `.modulus/runs/<name>.json` per run, and `.modulus/current.json` for the latest one still going.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ModulusError, errnoCode } from '../errors/modulus-error.js';
import type { Workspace } from './workspace.js';

interface RecordBase {
  readonly name: string;
  /** Absolute path of the volume on the host. */
  readonly volume: string;
  readonly port: number;
  /** The `modulus run` process that owns the run. */
  readonly pid: number;
}

export type RunRecord =
  | (RecordBase & { readonly mode: 'local'; readonly runDir: string })
  | (RecordBase & { readonly mode: 'docker'; readonly container: string });

/** Checks the shape of a record read back from disk; `file` names it in the error. */
export function parseRunRecord(text: string, file: string): RunRecord {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new ModulusError('RUN_RECORD', `${file} is not JSON`, { cause });
  }
  const str = (key: string): string => {
    const value = data?.[key];
    if (typeof value !== 'string' || value === '')
      throw new ModulusError('RUN_RECORD', `${file}: "${key}" should be a non-empty string`);
    return value;
  };
  const int = (key: string): number => {
    const value = data?.[key];
    if (!Number.isSafeInteger(value))
      throw new ModulusError('RUN_RECORD', `${file}: "${key}" should be an integer`);
    return value as number;
  };
  const base = { name: str('name'), volume: str('volume'), port: int('port'), pid: int('pid') };
  const mode = str('mode');
  if (mode === 'local') return { ...base, mode, runDir: str('runDir') };
  if (mode === 'docker') return { ...base, mode, container: str('container') };
  throw new ModulusError('RUN_RECORD', `${file}: "mode" should be "local" or "docker", not "${mode}"`);
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
}

/** Records the run under its name and as the current one. */
export function saveRun(ws: Workspace, record: RunRecord): void {
  const text = `${JSON.stringify(record, null, 2)}\n`;
  writeAtomically(ws.record(record.name), text);
  writeAtomically(ws.current, text);
}

function readRecord(file: string): RunRecord | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw new ModulusError('RUN_RECORD', `cannot read ${file}: ${errnoCode(err) ?? String(err)}`, {
      cause: err,
    });
  }
  return parseRunRecord(text, file);
}

/**
 * The run ended: it is no longer current (if it still was). Its named record stays, so `logs` and
 * `notifications --name` can still read its volume.
 */
export function endRun(ws: Workspace, name: string, pid: number): void {
  const current = (() => {
    try {
      return readRecord(ws.current);
    } catch {
      return undefined;
    }
  })();
  if (current?.name === name && current.pid === pid) rmSync(ws.current, { force: true });
}

/** Every run recorded here, damaged records left out. */
function allRuns(ws: Workspace): RunRecord[] {
  const dir = dirname(ws.record('x'));
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    try {
      const record = readRecord(join(dir, n));
      return record ? [record] : [];
    } catch {
      return [];
    }
  });
}

function newest(ws: Workspace): RunRecord | undefined {
  const dir = dirname(ws.record('x'));
  const byTime = allRuns(ws)
    .map((r) => ({ r, at: statSync(join(dir, `${r.name}.json`), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.at - a.at);
  return byTime[0]?.r;
}

/** Whether the `modulus run` that owns the record is still going. */
export function isGoing(record: RunRecord): boolean {
  return isModulusRun(record.pid);
}

/**
 * The run named `name`; without one, the one run still going from here, else (none going) the
 * latest that was, for its logs. With several going, RUN_AMBIGUOUS names them all: which one a
 * command means is for the user to say (--name), not for us to guess.
 */
export function findRun(ws: Workspace, name?: string): RunRecord {
  if (name !== undefined) {
    const record = readRecord(ws.record(name));
    if (record) return record;
    throw new ModulusError('RUN_NOT_FOUND', `no run named "${name}" here (no ${ws.record(name)})`);
  }
  const going = allRuns(ws).filter((r) => isModulusRun(r.pid));
  if (going.length === 1) return going[0]!;
  if (going.length > 1)
    throw new ModulusError(
      'RUN_AMBIGUOUS',
      `${going.length} runs are going from this directory: ${going.map((r) => `${r.name} (port ${r.port})`).join(', ')}`,
      { hint: `Say which one: --name ${going[0]!.name}.` },
    );
  const latest = readRecord(ws.current) ?? newest(ws);
  if (latest) return latest;
  throw new ModulusError(
    'RUN_NOT_FOUND',
    `no app is running here (no ${ws.current}); start one with modulus run APP_DIR`,
  );
}

/** The recorded run of that name if its `modulus run` process is still alive. */
export function activeRun(ws: Workspace, name: string): RunRecord | undefined {
  let record: RunRecord | undefined;
  try {
    record = readRecord(ws.record(name));
  } catch {
    return undefined; // a damaged record is replaced by the new run's
  }
  return record && record.pid !== process.pid && isModulusRun(record.pid) ? record : undefined;
}

/** Whether `pid` is alive and, as far as /proc tells, a `modulus run` (not a reused pid). */
function isModulusRun(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if (errnoCode(err) !== 'EPERM') return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('run');
  } catch {
    return true;
  }
}
