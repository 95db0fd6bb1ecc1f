// What `modulus run` leaves behind so `ctl`, `logs` and `notifications` can find the app:
// `.modulus/runs/<name>.json` per run, and `.modulus/current.json` for the latest one still going.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** The run named `name`, else the current one; RUN_NOT_FOUND when there is none. */
export function findRun(ws: Workspace, name?: string): RunRecord {
  const file = name === undefined ? ws.current : ws.record(name);
  const record = readRecord(file);
  if (record) return record;
  throw new ModulusError(
    'RUN_NOT_FOUND',
    name === undefined
      ? `no app is running here (no ${file}); start one with modulus run APP_DIR`
      : `no run named "${name}" here (no ${file})`,
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
