// The one error type the project throws on purpose: a stable code from the registry, a message
// that names its subject, an optional hint on what to do next, and the cause when there is one.
import { ERROR_CODES, type ErrorCode, type ErrorSpec } from './codes.js';

export interface ErrorDetails {
  hint?: string;
  cause?: unknown;
}

// Each file of the bundle has its own copy of this class (scripts/bundle.mjs: a subcommand's
// dist/commands/NAME.js beside the dispatcher dist/modulus.js, which reports what the command
// throws), so isModulusError also knows one by a mark under a key from the runtime's registry.
const MARK = Symbol.for('modulus.ModulusError');

export class ModulusError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ModulusError';
    this.code = code;
    this.hint = details.hint ?? (ERROR_CODES[code] as ErrorSpec).hint;
    Object.defineProperty(this, MARK, { value: true });
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }
}

export function isModulusError(err: unknown): err is ModulusError {
  return err instanceof ModulusError || (err instanceof Error && MARK in err);
}

/** The errno code of a Node.js system error (ENOENT, EACCES, …), or undefined. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
