// The typed, frozen result of parsing a supervisord configuration. Nothing after the parser
// reads a raw string from the file: every value here is already converted and validated.

export type AutoRestart = true | false | 'unexpected';

/** Where a key came from, for messages that name file and line. */
export interface Origin {
  readonly file: string;
  readonly line: number;
}

export interface ConfigWarning {
  readonly message: string;
  readonly origin?: Origin;
}

/** One output stream (stdout or stderr) of a process. */
export interface StreamLogConfig {
  /** Absolute path, 'AUTO' (a file in childlogdir created at spawn), or null for NONE. */
  readonly logfile: string | 'AUTO' | null;
  /** Rotate before a write would pass this many bytes; 0 never rotates. Default 50MB. */
  readonly maxbytes: number;
  /** Rotated files kept (app.log.1 … app.log.N); 0 keeps none. Default 10. */
  readonly backups: number;
  /** Capture mode buffer for PROCESS_COMMUNICATION events; 0 disables. Default 0. */
  readonly captureMaxbytes: number;
  readonly eventsEnabled: boolean;
  readonly syslog: boolean;
  /** Extension `*_logfile_timestamps`: prefix each line with an ISO-8601 UTC timestamp. */
  readonly timestamps: boolean;
}

/** Extension: backoff for a program that keeps exiting after it reached RUNNING. */
export interface CrashLoopConfig {
  /** `crashloop_backoff`; false keeps supervisord's behaviour (restart at once). */
  readonly enabled: boolean;
  /** `crashloop_max_delay` seconds: the doubling delay (1, 2, 4 …) stops growing here. */
  readonly maxDelaySecs: number;
  /** `crashloop_reset_secs`: a run at least this long forgets earlier crashes. */
  readonly resetSecs: number;
  /** `crashloop_giveup`: after this many consecutive quick crashes go FATAL; 0 never gives up. */
  readonly giveUp: number;
}

export interface ProcessConfig {
  /** The process name after process_name expansion (unique within its group). */
  readonly name: string;
  /** The group it belongs to ([program:x] makes group x unless a [group:] claims it). */
  readonly group: string;
  /** The program section it came from: `program:web` or `eventlistener:notify`. */
  readonly section: string;
  readonly origin: Origin;
  readonly command: string;
  readonly priority: number;
  readonly autostart: boolean;
  readonly autorestart: AutoRestart;
  readonly startsecs: number;
  readonly startretries: number;
  readonly exitcodes: readonly number[];
  /** Signal name without SIG, e.g. 'TERM'. */
  readonly stopsignal: string;
  readonly stopwaitsecs: number;
  readonly stopasgroup: boolean;
  readonly killasgroup: boolean;
  readonly user: string | null;
  readonly directory: string | null;
  readonly umask: number | null;
  readonly environment: Readonly<Record<string, string>>;
  readonly redirectStderr: boolean;
  readonly stdout: StreamLogConfig;
  readonly stderr: StreamLogConfig;
  /** null when 'AUTO' (the supervisor's own URL is used). */
  readonly serverurl: string | null;
  readonly crashLoop: CrashLoopConfig;
}

export interface EventListenerPoolConfig {
  /** Event type names as written (PROCESS_STATE, TICK_5, …), validated against the known types. */
  readonly events: readonly string[];
  readonly bufferSize: number;
  readonly resultHandler: string;
}

/** The socket of an [fcgi-program:x], bound by the supervisor and given to each process as fd 0. */
export interface FcgiSocketConfig {
  /** As supervisord normalises it: `unix:///path`, `tcp://host:port` (host lower-cased). */
  readonly url: string;
  readonly kind: 'unix' | 'tcp';
  readonly path: string | null;
  readonly host: string | null;
  readonly port: number | null;
  /** `user[:group]` as written; null: the programs' user= when that is not ours, else ours. */
  readonly owner: string | null;
  /** Unix sockets only; 0700 by default. */
  readonly mode: number | null;
  /** null: listen with SOMAXCONN. */
  readonly backlog: number | null;
}

export interface GroupConfig {
  readonly name: string;
  readonly priority: number;
  readonly kind: 'process' | 'eventlistener';
  readonly processes: readonly ProcessConfig[];
  /** Present for eventlistener pools only. */
  readonly pool?: EventListenerPoolConfig;
  /** Present for [fcgi-program:x] groups only. */
  readonly socket?: FcgiSocketConfig;
  readonly origin: Origin;
}

export interface SupervisordConfig {
  readonly logfile: string | null;
  readonly logfileMaxbytes: number;
  readonly logfileBackups: number;
  readonly loglevel: LogLevel;
  readonly pidfile: string | null;
  readonly umask: number;
  readonly nodaemon: boolean;
  readonly silent: boolean;
  readonly minfds: number;
  readonly minprocs: number;
  readonly nocleanup: boolean;
  readonly childlogdir: string;
  readonly user: string | null;
  readonly directory: string | null;
  readonly stripAnsi: boolean;
  readonly environment: Readonly<Record<string, string>>;
  readonly identifier: string;
}

export type LogLevel = 'critical' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'blather';

export interface HttpAuth {
  readonly username: string | null;
  /** Plain text or `{SHA}` followed by the hex SHA-1 digest, as supervisord accepts. */
  readonly password: string | null;
}

export interface UnixHttpServerConfig extends HttpAuth {
  readonly file: string;
  readonly chmod: number;
  /** `user` or `user:group`, as written. */
  readonly chown: string | null;
}

export interface InetHttpServerConfig extends HttpAuth {
  readonly host: string;
  readonly port: number;
}

export interface SupervisorctlConfig {
  readonly serverurl: string;
  readonly username: string | null;
  readonly password: string | null;
  readonly prompt: string;
  readonly historyFile: string | null;
}

export interface SupervisorConfig {
  /** The main config file, absolute. */
  readonly file: string;
  /** Every file read, main first, then includes in the order read. */
  readonly files: readonly string[];
  readonly supervisord: SupervisordConfig;
  readonly unixHttpServer: UnixHttpServerConfig | null;
  readonly inetHttpServer: InetHttpServerConfig | null;
  readonly supervisorctl: SupervisorctlConfig;
  /** Process groups and eventlistener pools, sorted by priority then name. */
  readonly groups: readonly GroupConfig[];
  /** [modulus:notify]: the notifier runs inside the supervisor; null (or absent) when not configured. */
  readonly notify?: NotifyConfig | null;
  readonly warnings: readonly ConfigWarning[];
}

/** [modulus:notify] (src/config/notify-section.ts): the same settings as `modulus notify`'s flags. */
export interface NotifyConfig {
  /** The notifications directory (absolute). */
  readonly dir: string;
  readonly maxFiles: number;
  readonly maxBytes: number;
  readonly coalesceSecs: number;
}
