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
  LIMITS: { exit: 2 },
  FCGI_SOCKET: { exit: 2 },

  // logs
  LOG_UNSAFE_PATH: { exit: 1 },
  LOG_OPEN_FAILED: { exit: 1 },
  // logs: readLog/tailLog (XML-RPC maps them to NO_FILE 70, BAD_ARGUMENTS 3, FAILED 30)
  LOG_NO_FILE: { exit: 1 },
  LOG_BAD_ARGUMENTS: { exit: 2 },
  LOG_READ_FAILED: { exit: 1 },

  // rpc
  RPC_BAD_XML: { exit: 1 },
  RPC_SOCKET_IN_USE: {
    exit: 2,
    hint: 'Stop the program that listens on it (another supervisor?), or point [unix_http_server] file elsewhere.',
  },
  RPC_SOCKET_FAILED: { exit: 2 },
  RPC_INET_UNAUTHENTICATED: {
    exit: 2,
    hint: 'Set username and password in [inet_http_server], or bind it to 127.0.0.1 (port = 127.0.0.1:9001).',
  },
  RPC_BAD_URL: { exit: 2, hint: 'Use unix:///path/to/socket or http://host:port.' },
  RPC_UNREACHABLE: { exit: 1 },
  RPC_HTTP_ERROR: { exit: 1 },
  RPC_FAULT: { exit: 1 },

  // node (modulus start): distinct exit codes so the operator can tell the failures apart
  NODE_NO_ENTRY: {
    exit: 3,
    hint: 'Add "scripts.start" or "main" to package.json, or one of index.js, app.js, server.js, main.js.',
  },
  NODE_PACKAGE_JSON: { exit: 3 },
  NODE_VERSION_SPEC: { exit: 4 },
  NODE_VERSION_UNSATISFIABLE: { exit: 5 },
  NODE_INDEX_UNAVAILABLE: {
    exit: 6,
    hint: 'Check NODEJS_ORG_MIRROR and the network, or pin an exact version that is installed.',
  },
  NODE_DOWNLOAD_FAILED: { exit: 7, hint: 'Check NODEJS_ORG_MIRROR and the network, then start again.' },
  NODE_CHECKSUM_MISMATCH: {
    exit: 8,
    hint: 'The download was deleted; check that NODEJS_ORG_MIRROR serves the official files.',
  },
  NODE_CHECKSUM_MISSING: {
    exit: 8,
    hint: "The download was deleted; the mirror's SHASUMS256.txt has no line for this file.",
  },
  NODE_SHASUMS_MALFORMED: { exit: 8, hint: "The mirror's SHASUMS256.txt is damaged; nothing was installed." },
  NODE_ARCHIVE_INVALID: { exit: 9, hint: 'The download was deleted; start again, or check the mirror.' },
  NODE_CACHE_UNWRITABLE: {
    exit: 10,
    hint: 'Make $HOME/.modulus/node writable by the app user, or use a Node.js version the image ships.',
  },
  NODE_WORKSPACE_ROOT: { exit: 3 },
  NODE_APP_DIR: { exit: 3 },
  START_EXEC_ARGS: { exit: 2, hint: 'Quote EXEC_ARGS words the way a shell would.' },
  START_PLAN_OUTPUT: {
    exit: 2,
    hint: 'Run `modulus start --plan 3>FILE`: the plan is written to file descriptor 3.',
  },

  // config (added by the config domain)
  CONFIG_UNSUPPORTED: { exit: 2 },
  CONFIG_NAME_COLLISION: { exit: 2, hint: 'Give each process a distinct process_name within its group.' },

  // config: files read through an [include] with program_user or program_logdir (include-policy.ts)
  CONFIG_RESTRICTED: { exit: 2 },

  // notify
  NOTIFY_DIR: { exit: 1 },
  NOTIFY_WRITE: { exit: 1 },
  NOTIFY_PROTOCOL: { exit: 1 },

  // host: images
  DOCKER_UNAVAILABLE: { exit: 69 },
  IMAGE_BUILD: { exit: 1 },
  IMAGE_MISSING: { exit: 1 },

  // host: modulus run, ctl, logs
  RUN_ENV: { exit: 2 },
  RUN_APP_DIR: { exit: 2 },
  RUN_ACTIVE: { exit: 2, hint: 'Stop it first (Ctrl-C where it runs), or give this run another --name.' },
  RUN_PORT_IN_USE: { exit: 2, hint: 'Stop what listens there, or pick another port with -p PORT.' },
  RUN_NEEDS_ROOT: { exit: 2 },
  RUN_PACKAGE_INCOMPLETE: { exit: 2, hint: 'Reinstall modulus: the package should hold dist/ and images/.' },
  RUN_SOCKET_PATH: { exit: 2, hint: 'Run from a directory with a shorter path, or use a shorter --name.' },
  RUN_NPM_FAILED: { exit: 1 },
  RUN_SUPERVISOR_FAILED: { exit: 1 },
  RUN_DOCKER_FAILED: { exit: 1 },
  RUN_RECORD: { exit: 1 },
  RUN_NOT_FOUND: {
    exit: 1,
    hint: 'Start one with `modulus run APP_DIR` in this directory, or pass --name NAME.',
  },
  RUN_NOT_RUNNING: { exit: 1 },
  DASHBOARD_LISTEN: { exit: 2, hint: 'Pick another port with --port PORT (0 picks a free one).' },
  RUN_AMBIGUOUS: { exit: 2 },

  // build: modulus build (the one build step of every mode)
  BUILD_PACKAGE_MANAGER: { exit: 2 },
  BUILD_OUT_DIR: { exit: 2 },
  BUILD_NO_NPM: { exit: 1 },
  BUILD_NO_COREPACK: { exit: 1 },
  BUILD_STEP_FAILED: { exit: 1 },
  BUILD_INTERRUPTED: { exit: 1 },

  // host: modulus volume (VOLUME_INVALID is sysexits' EX_CONFIG: the image stops before it starts)
  VOLUME_INVALID: { exit: 78 },
  VOLUME_FOREIGN: { exit: 2 },
  VOLUME_ENTRY_TYPE: { exit: 2 },
  VOLUME_OWNER: { exit: 2 },
  VOLUME_IO: { exit: 1 },

  // host: modulus config (supervisor.conf and the global config)
  CONF_ENV_NAME: {
    exit: 2,
    hint: 'Environment names are letters, digits and underscores, not starting with a digit.',
  },
  CONF_UNREPRESENTABLE: { exit: 2 },
  CONF_OPTION: { exit: 2 },
  CONF_WRITE: { exit: 1 },

  // k8s: modulus k8s
  K8S_OUTPUT: { exit: 1 },

  // unexpected
  INTERNAL: { exit: 70, hint: 'This is a bug in modulus; please report it with the output above.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;
