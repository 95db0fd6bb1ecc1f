// Every error code the project raises, with its process exit code and default hint.
// Exit codes follow supervisord (2 for usage and configuration errors) and the LSB codes
// supervisorctl uses; each domain keeps its codes together in its own block.

export interface ErrorSpec {
  /** Exit status of a CLI that stops on this error. */
  readonly exit: number;
  readonly hint?: string;
}

export const ERROR_CODES = {
  // cli
  USAGE: { exit: 2, hint: 'Run with -h for the options this command takes.' },
  UNKNOWN_COMMAND: { exit: 2, hint: 'Run `modulus help` for the list of commands.' },

  // config
  CONFIG_NOT_FOUND: { exit: 2, hint: 'Pass the file with -c FILE.' },
  CONFIG_UNREADABLE: { exit: 2 },
  CONFIG_SYNTAX: { exit: 2 },
  CONFIG_VALUE: { exit: 2 },
  CONFIG_EXPANSION: { exit: 2 },
  CONFIG_SECTION: { exit: 2 },
  CONFIG_MISSING_KEY: { exit: 2 },
  CONFIG_INCLUDE: { exit: 2 },

  // supervisor
  NOT_ROOT_FOR_USER: { exit: 2, hint: 'Run the supervisor as root, or remove user= from the config.' },
  NO_SUCH_USER: { exit: 2 },
  ALREADY_RUNNING: { exit: 2 },
  SPAWN_FAILED: { exit: 1 },
  PIDFILE: { exit: 2 },

  // logs
  LOG_UNSAFE_PATH: { exit: 1 },
  LOG_OPEN_FAILED: { exit: 1 },

  // unexpected
  INTERNAL: { exit: 70, hint: 'This is a bug in modulus; please report it with the output above.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;
