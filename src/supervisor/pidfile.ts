// supervisord's pidfile: written at start, removed at exit.
import { rmSync, writeFileSync } from 'node:fs';
import { ModulusError } from '../errors/modulus-error.js';

export function writePidfile(path: string): void {
  try {
    writeFileSync(path, `${process.pid}\n`);
  } catch (err) {
    throw new ModulusError('PIDFILE', `could not write pidfile ${path}`, { cause: err });
  }
}

export function removePidfile(path: string): void {
  rmSync(path, { force: true });
}
