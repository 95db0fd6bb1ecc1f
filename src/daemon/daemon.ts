// The supervisord process: loads the config, becomes what it asks (user, umask, directory,
// daemon), opens the main log, writes the pidfile, runs the Supervisor and answers its own
// signals: TERM/INT/QUIT shut down, HUP restarts with the config read again, USR2 reopens logs.
import { hostname } from 'node:os';
import { loadConfig, type SupervisordOverrides } from '../config/load.js';
import type { SupervisorConfig } from '../config/model.js';
import { ModulusError } from '../errors/modulus-error.js';
import { applyStartLimits, currentLaunchFileSoft, LAUNCH_NOFILE_ENV } from './start-limits.js';
import { daemonize, whenPipesUnavailable } from '../os/process.js';
import { realProcessHost } from '../os/process-host.js';
import { ChildLogs } from '../supervisor/child-logs.js';
import { Logger } from '../logs/logger.js';
import { removePidfile, writePidfile } from '../supervisor/pidfile.js';
import { planSpawn } from '../supervisor/spawn-plan.js';
import { Supervisor } from '../supervisor/supervisor.js';
import { ListenerPools } from '../supervisor/listener-pools.js';
import { MainLogCopy } from '../supervisor/main-log-copy.js';
import { AnsiStripper } from '../logs/ansi-stripper.js';
import { programSyslogLines } from '../logs/syslog-lines.js';
import { DEFAULT_SYSLOG_SOCKET, startSyslogWriter, type SyslogWriter } from '../os/syslog-writer.js';
import { LOG_LOSS_REMOTE_TYPE, logLossEventData } from '../notify/log-loss-event.js';
import type { ProcessRunner } from '../supervisor/process-runner.js';
import { startTicker } from '../events/ticker.js';
import type { SupervisorEvent } from '../events/event-payload.js';
import { becomeUser } from '../supervisor/privileges.js';
import type { ApiContext } from '../rpc/api/context.js';
import type { ControlServers } from './control-server.js';
import { notifierFor } from '../notify/in-process.js';
import type { Rpc } from '../notify/enrich.js';
import { supervisorMethods } from '../rpc/api/method-table.js';
import { createDispatcher } from '../rpc/system-methods.js';

export interface DaemonOptions {
  readonly configFile: string;
  readonly overrides: SupervisordOverrides;
  /** The original argv, to re-run ourselves in the background for daemon mode. */
  readonly argv: readonly string[];
  /** This process is the background copy daemon mode started (`--daemonized`). */
  readonly daemonized?: boolean;
}

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const;

async function load(options: DaemonOptions): Promise<SupervisorConfig> {
  const overrides = Object.fromEntries(Object.entries(options.overrides).filter(([, v]) => v !== undefined));
  return loadConfig(options.configFile, { env: process.env, hostname: hostname(), overrides });
}

/** The main log: the configured file (rotating), and stdout in the foreground unless silent. */
function openMainLog(sd: SupervisorConfig['supervisord'], syslog: SyslogWriter): Logger {
  const file =
    sd.logfile && sd.logfile !== 'syslog'
      ? { path: sd.logfile, maxbytes: sd.logfileMaxbytes, backups: sd.logfileBackups }
      : undefined;
  return Logger.create({
    level: sd.loglevel,
    file,
    stream: sd.nodaemon && !sd.silent ? process.stdout : undefined,
    memoryLines: file ? 0 : 10_000,
    syslog: sd.logfile === 'syslog' ? syslog : undefined,
  });
}

export async function runDaemon(options: DaemonOptions): Promise<number> {
  let config = await load(options);
  for (const w of config.warnings) process.stderr.write(`Warning: ${w.message}\n`);
  const sd = config.supervisord;
  // Read before anything else runs: a daemonized copy of us gets it through the environment.
  const launchFiles = currentLaunchFileSoft();
  process.env[LAUNCH_NOFILE_ENV] = launchFiles === Infinity ? 'unlimited' : String(launchFiles);
  if (!sd.nodaemon) {
    const pid = daemonize([...options.argv, '--nodaemon', '--daemonized'], sd.directory);
    process.stdout.write(`supervisord running in the background as pid ${pid}\n`);
    return 0;
  }
  delete process.env[LAUNCH_NOFILE_ENV];
  // supervisord's order: the user first, then the limits (so only root may raise a hard limit).
  if (sd.user !== null) becomeUser(sd.user);
  const limitInfos = applyStartLimits(sd, launchFiles);
  // As supervisord: umask= and directory= are what daemonizing does; in the foreground the
  // supervisor and its programs keep the launcher's umask and working directory.
  if (options.daemonized) {
    process.umask(sd.umask);
    if (sd.directory !== null) process.chdir(sd.directory);
  }

  // One logger(1) process carries every syslog line (logfile=syslog, stdout_syslog, stderr_syslog).
  const syslog = startSyslogWriter(process.env.MODULUS_SYSLOG_SOCKET ?? DEFAULT_SYSLOG_SOCKET, (message) =>
    mainLog.log('error', message),
  );
  const mainLog = openMainLog(sd, syslog);
  if (options.daemonized) {
    mainLog.log('info', 'daemonizing the supervisord process');
    if (sd.directory !== null) mainLog.log('info', `set current directory: '${sd.directory}'`);
  }
  for (const info of limitInfos) mainLog.log('info', info);
  whenPipesUnavailable((reason) =>
    mainLog.log('warn', `programs write to socketpairs, not pipes (slower for heavy output): ${reason}`),
  );
  const removed = ChildLogs.clearStaleAutoFiles(sd);
  if (removed > 0) mainLog.log('info', `removed ${removed} old AUTO log file(s) from ${sd.childlogdir}`);

  const exitCode = 0;
  let restarting = false;
  let stopping: Promise<void> | null = null;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  /** SIGTERM, SIGINT, SIGQUIT and the API's shutdown(): stop every program, then exit. */
  const shutdown = (reason: string): void => {
    if (stopping) return;
    mainLog.log('warn', `received ${reason} indicating exit request`);
    stopping = (async () => {
      await session.stop();
      resolveDone();
    })();
  };
  /** SIGHUP and the API's restart(): stop every program, read the config again, start over. */
  const restart = async (reason: string): Promise<void> => {
    if (stopping || restarting) return;
    restarting = true;
    mainLog.log('warn', `received ${reason} indicating restart request`);
    await session.stop();
    try {
      config = await load(options);
      for (const w of config.warnings) mainLog.log('warn', w.message);
    } catch (err) {
      mainLog.log(
        'error',
        `could not reload ${options.configFile}, keeping the previous config: ${messageOf(err)}`,
      );
    }
    warnIfServersChanged(servers.config, config, mainLog);
    session = sessionOrNull = startSession(config, mainLog, servers.serverUrl, api, syslog);
    restarting = false;
  };

  // The control servers open before any program starts, so programs get SUPERVISOR_SERVER_URL and a
  // server that cannot start (socket in use, bad chown) stops us with nothing started (exit 2).
  let sessionOrNull: Session | null = null;
  const api: ApiContext = {
    session: () => sessionOrNull,
    mainLog,
    hooks: {
      shutdown: () => shutdown('shutdown request from the control API'),
      restart: () => void restart('restart request from the control API'),
      reread: () => load(options),
    },
  };
  const servers = await openControlServers(config, mainLog, api);
  if (sd.pidfile) writePidfile(sd.pidfile);
  // Handlers before the first program starts: until one is registered a SIGTERM kills us outright
  // (the default action), leaving the programs behind.
  for (const sig of SHUTDOWN_SIGNALS) process.on(sig, () => shutdown(sig));
  process.on('SIGHUP', () => void restart('SIGHUP'));
  process.on('SIGUSR2', () => {
    mainLog.log('info', 'received SIGUSR2 indicating log reopen request');
    mainLog.reopen();
    sessionOrNull?.logs.reopen();
  });
  process.on('exit', () => sessionOrNull?.supervisor.killLeftovers(false));
  let session = (sessionOrNull = startSession(config, mainLog, servers.serverUrl, api, syslog));
  mainLog.log('info', `supervisord started with pid ${process.pid}`);
  mainLog.log('debug', `loaded ${config.files.join(', ')}: ${config.groups.length} group(s)`);

  // supervisord runs until told to stop, even with no program running: a timer holds the loop.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  await done;
  clearInterval(keepAlive);
  await servers.close();
  mainLog.log('info', 'supervisord exiting');
  if (sd.pidfile) removePidfile(sd.pidfile);
  await mainLog.close();
  await syslog.close();
  for (const sig of [...SHUTDOWN_SIGNALS, 'SIGHUP', 'SIGUSR2'] as const) process.removeAllListeners(sig);
  return exitCode;
}

interface Session {
  readonly supervisor: Supervisor;
  readonly logs: ChildLogs;
  readonly pools: ListenerPools;
  stop(): Promise<void>;
}

/** One run of the configured programs, from start to a full stop (a SIGHUP makes a new one). */
function startSession(
  config: SupervisorConfig,
  mainLog: Logger,
  serverUrl: string | null,
  api: ApiContext,
  syslog: SyslogWriter,
): Session {
  const sd = config.supervisord;
  const logs = new ChildLogs(sd, mainLog, (loss, pc) =>
    supervisor.bus.publish({
      type: 'REMOTE_COMMUNICATION',
      remoteType: LOG_LOSS_REMOTE_TYPE,
      data: logLossEventData(loss, { name: pc.name, group: pc.group }),
    }),
  );
  const baseEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) baseEnv[k] = v;
  Object.assign(baseEnv, sd.environment);
  const euid = process.geteuid?.() ?? 0;
  const mainLogCopy = new MainLogCopy(mainLog, sd.stripAnsi);
  const supervisor: Supervisor = new Supervisor(config, {
    mainLog,
    plan: (pc) => planSpawn(pc, { baseEnv, serverUrl, euid }),
    sink: (pc, stream) => logs.sink(pc, stream),
    output: (runner, stream, chunk) => {
      const protocol =
        stream === 'stdout' && supervisor.groups.get(runner.group)?.config.kind === 'eventlistener';
      mainLogCopy.output(runner, { name: runner.name, stream, chunk, protocol });
      if (runner.config[stream].syslog) {
        const text = sd.stripAnsi ? new AnsiStripper().strip(chunk) : chunk;
        syslog.send(programSyslogLines(runner.name, text));
      }
      pools.output(runner, stream, chunk);
      if (runner.config[stream].eventsEnabled) supervisor.bus.publish(processLogEvent(runner, stream, chunk));
    },
    communication: (runner, stream, message) =>
      supervisor.bus.publish(communicationEvent(runner, stream, message)),
    host: realProcessHost,
  });
  const pools = new ListenerPools(supervisor, sd.identifier, mainLog);
  const stopTicker = startTicker(supervisor.bus);
  const notifier = notifierFor(config, supervisor.bus, inProcessRpc(api), mainLog);
  supervisor.start();
  return {
    supervisor,
    logs,
    pools,
    async stop() {
      supervisor.setState('SHUTDOWN');
      await supervisor.stopAll();
      stopTicker();
      await notifier?.close();
      pools.close();
      await logs.close();
      logs.removeAutoFiles();
    },
  };
}

// --- control servers (src/daemon/control-server.ts) ---

interface OpenServers extends ControlServers {
  /** The config the servers were opened with; a restart keeps them. */
  readonly config: SupervisorConfig;
}

async function openControlServers(
  config: SupervisorConfig,
  mainLog: Logger,
  api: ApiContext,
): Promise<OpenServers> {
  if (config.unixHttpServer === null && config.inetHttpServer === null)
    return { serverUrl: null, urls: [], config, close: async () => {} };
  // Loaded only when a server is configured: node:http, the dashboard and the log tail stay out of
  // a supervisor without one (VmRSS -0.6 MB with 100 programs).
  const { startControlServers } = await import('./control-server.js');
  const servers = await startControlServers(config, api, (level, message) => mainLog.log(level, message));
  for (const url of servers.urls) mainLog.log('info', `serving the control API on ${url}`);
  return { ...servers, config, close: () => servers.close() };
}

/** The servers stay open across a restart, so edits to their sections wait for a full stop and start. */
function warnIfServersChanged(before: SupervisorConfig, after: SupervisorConfig, mainLog: Logger): void {
  const sections = (c: SupervisorConfig): string => JSON.stringify([c.unixHttpServer, c.inetHttpServer]);
  if (sections(before) !== sections(after)) {
    mainLog.log(
      'warn',
      '[unix_http_server] or [inet_http_server] changed: the change applies when supervisord is started again',
    );
  }
}

function processLogEvent(runner: ProcessRunner, stream: 'stdout' | 'stderr', data: Buffer): SupervisorEvent {
  const process = { name: runner.name, group: runner.group };
  const type = stream === 'stdout' ? 'PROCESS_LOG_STDOUT' : 'PROCESS_LOG_STDERR';
  // The chunk is a view of the pipe reader's buffer; the event outlives this call.
  return { type, process, pid: runner.pid || runner.lastPgid, data: Buffer.from(data) };
}

function communicationEvent(
  runner: ProcessRunner,
  stream: 'stdout' | 'stderr',
  data: Buffer,
): SupervisorEvent {
  const process = { name: runner.name, group: runner.group };
  const type = stream === 'stdout' ? 'PROCESS_COMMUNICATION_STDOUT' : 'PROCESS_COMMUNICATION_STDERR';
  // The chunk is a view of the pipe reader's buffer; the event outlives this call.
  return { type, process, pid: runner.pid || runner.lastPgid, data: Buffer.from(data) };
}

function messageOf(err: unknown): string {
  return err instanceof ModulusError || err instanceof Error ? err.message : String(err);
}

/** The supervisor.* methods as the notifier's Rpc, called directly (the caller is root's own supervisor). */
function inProcessRpc(api: ApiContext): Rpc {
  const dispatch = createDispatcher(supervisorMethods(api));
  return {
    call: (method, params = []) => dispatch(method, [...params], { transport: 'unix', username: null }),
  };
}
