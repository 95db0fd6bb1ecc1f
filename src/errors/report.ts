// Prints an error the way a user should see it: a ModulusError as its message and hint,
// anything else as a bug with its stack. Returns the exit code to use.
import { isModulusError } from './modulus-error.js';
import { ERROR_CODES } from './codes.js';

export function reportError(
  err: unknown,
  write: (line: string) => void = (l) => process.stderr.write(l),
): number {
  if (isModulusError(err)) {
    write(`Error: ${err.message}\n`);
    if (err.hint) write(`  ${err.hint}\n`);
    return err.exitCode;
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  write(`Internal error: ${stack}\n`);
  write(`  ${ERROR_CODES.INTERNAL.hint}\n`);
  return ERROR_CODES.INTERNAL.exit;
}
