// The supervisor: owns the process groups built from a config, starts them in priority order,
// stops them in reverse order (each priority tier at once, tiers one after another), reloads,
// and reports every state change to the main log and to listeners (the event bus).
import { EventEmitter } from 'node:events';
import type { GroupConfig, ProcessConfig, SupervisorConfig } from '../config/model.js';
import type { LogLevelName } from './lifecycle.js';
import { ProcessRunner, type OutputSink, type SpawnPlan, type TransitionReport } from './process-runner.js';
import { STOPPED_STATES, type SupervisorState } from './states.js';
import { EventBus } from '../events/event-bus.js';
import type { SupervisorEvent } from '../events/event-payload.js';
import type { ListeningSocket } from '../os/listen-socket.js';
import type { ProcessHost } from '../os/process-host.js';
import { openFcgiSocket } from './fcgi-socket.js';

export interface MainLog {
  log(level: LogLevelName, message: string): void;
}

export interface SupervisorDeps {
  readonly mainLog: MainLog;
  plan(config: ProcessConfig): SpawnPlan;
  sink(config: ProcessConfig, stream: 'stdout' | 'stderr'): OutputSink | null;
  output?(runner: ProcessRunner, stream: 'stdout' | 'stderr', chunk: Buffer): void;
  communication?(runner: ProcessRunner, stream: 'stdout' | 'stderr', message: Buffer): void;
  /** How children are made and signalled, and the clock their lifecycles run on. */
  readonly host: ProcessHost;
}

export interface ProcessGroup {
  readonly config: GroupConfig;
  readonly processes: Map<string, ProcessRunner>;
  /** An [fcgi-program:x]'s socket, bound before any of its processes spawns. */
  readonly socket: ListeningSocket | null;
}

/** Group names from comparing a config read again with the running groups (reloadConfig). */
export interface GroupDiff {
  readonly added: string[];
  readonly changed: string[];
  readonly removed: string[];
}

export interface SupervisorEvents {
  transition: [TransitionReport];
  state: [SupervisorState];
  /** A group was added (before any of its processes start) or removed. */
  group: ['added' | 'removed', GroupConfig];
}

export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly groups = new Map<string, ProcessGroup>();
  /** supervisord's events (PROCESS_STATE_*, PROCESS_GROUP_*, TICK_*, …) for listeners and notifiers. */
  readonly bus = new EventBus();
  // RESTARTING until start() has started the autostart programs, as supervisord's mood.
  private supervisorState: SupervisorState = 'RESTARTING';

  constructor(
    public config: SupervisorConfig,
    private readonly deps: SupervisorDeps,
  ) {
    super();
  }

  /**
   * Adds the configured groups (PROCESS_GROUP_ADDED each), starts the autostart programs in
   * priority order and enters RUNNING. Subscribe to `bus` before calling it to see every event.
   */
  start(): void {
    for (const group of this.config.groups) this.addGroup(group);
    this.startAutostart();
    this.setState('RUNNING');
  }

  get state(): SupervisorState {
    return this.supervisorState;
  }

  setState(state: SupervisorState): void {
    if (state === this.supervisorState) return;
    this.supervisorState = state;
    this.emit('state', state);
    if (state === 'RUNNING') this.bus.publish({ type: 'SUPERVISOR_STATE_CHANGE_RUNNING' });
    if (state === 'SHUTDOWN' || state === 'RESTARTING')
      this.bus.publish({ type: 'SUPERVISOR_STATE_CHANGE_STOPPING' });
  }

  /** Throws FCGI_SOCKET, adding nothing, when an [fcgi-program:x]'s socket cannot be bound. */
  addGroup(config: GroupConfig): ProcessGroup {
    const socket = config.socket ? openFcgiSocket(config, this.deps.host, process.geteuid?.() ?? 0) : null;
    const processes = new Map<string, ProcessRunner>();
    for (const pc of config.processes) {
      processes.set(
        pc.name,
        new ProcessRunner(pc, {
          plan: (c) => this.deps.plan(c),
          sink: (c, s) => this.deps.sink(c, s),
          output: this.deps.output,
          communication: this.deps.communication,
          stripAnsi: this.config.supervisord.stripAnsi,
          transition: (report) => this.onTransition(report),
          log: (level, message) => this.deps.mainLog.log(level, message),
          host: this.deps.host,
          ...(socket ? { stdinFd: () => socket.fd } : {}),
        }),
      );
    }
    const group = { config, processes, socket };
    this.groups.set(config.name, group);
    this.emit('group', 'added', config);
    this.bus.publish({ type: 'PROCESS_GROUP_ADDED', group: config.name });
    return group;
  }

  /** Removes a group whose processes are all stopped; returns false if one still runs. */
  removeGroup(name: string): boolean {
    const group = this.groups.get(name);
    if (!group) return false;
    for (const p of group.processes.values()) {
      if (p.state === 'RUNNING' || p.state === 'STARTING' || p.state === 'STOPPING') return false;
    }
    for (const p of group.processes.values()) p.dispose();
    group.socket?.close();
    this.groups.delete(name);
    this.emit('group', 'removed', group.config);
    this.bus.publish({ type: 'PROCESS_GROUP_REMOVED', group: name });
    return true;
  }

  /** Every process, sorted by group priority, then process priority, then name. */
  allProcesses(): ProcessRunner[] {
    const list: ProcessRunner[] = [];
    for (const g of [...this.groups.values()].sort(byPriority)) list.push(...g.processes.values());
    return list;
  }

  /** Starts every autostart process in priority order (supervisord does not wait between them). */
  startAutostart(): void {
    for (const p of this.processesByPriority()) if (p.config.autostart) p.start();
  }

  /** Stops every process, lowest priority first; a tier finishes before the next begins. */
  async stopAll(): Promise<void> {
    const tiers = new Map<number, ProcessRunner[]>();
    for (const p of this.processesByPriority()) {
      const tier = tiers.get(p.config.priority) ?? [];
      tier.push(p);
      tiers.set(p.config.priority, tier);
    }
    const order = [...tiers.keys()].sort((a, b) => b - a);
    for (const priority of order) await Promise.all(tiers.get(priority)!.map((p) => p.stopAndWait()));
    this.killLeftovers();
    // Nothing runs now: the FastCGI sockets close (and unix ones are removed) with the supervisor.
    for (const group of this.groups.values()) group.socket?.close();
  }

  /** No program's process may outlive the supervisor: SIGKILL what stayed in their groups. */
  killLeftovers(log = true): void {
    for (const p of this.allProcesses()) {
      if (p.killGroup() && log)
        this.deps.mainLog.log(
          'warn',
          `killed processes left in the process group of ${p.name} (pgid ${p.lastPgid})`,
        );
    }
  }

  findProcess(name: string): ProcessRunner | undefined {
    const [groupName, processName] = name.includes(':') ? name.split(':', 2) : [name, name];
    return this.groups.get(groupName!)?.processes.get(processName!);
  }

  // --- Operations for the control API (reread, add and remove groups by name, ordered listings) ---

  /** The processes of a group, by process priority (config order within a priority), as supervisord sorts them. */
  processesOf(groupName: string): ProcessRunner[] {
    const group = this.groups.get(groupName);
    if (!group) return [];
    return [...group.processes.values()].sort((a, b) => a.config.priority - b.config.priority);
  }

  /** Every process: groups by priority, then each group's processes by priority (startAll, stopAll order). */
  processesInPriorityOrder(): ProcessRunner[] {
    return [...this.groups.values()].sort(byPriority).flatMap((g) => this.processesOf(g.config.name));
  }

  /** Every process, groups by name then processes by name, as getAllProcessInfo lists them. */
  processesByName(): ProcessRunner[] {
    const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    return [...this.groups.keys()]
      .sort(byCodePoint)
      .flatMap((g) =>
        [...this.groups.get(g)!.processes.values()].sort((a, b) => byCodePoint(a.name, b.name)),
      );
  }

  /**
   * Takes a freshly read config as the one addGroupByName draws from, and compares its groups with
   * the running ones, as supervisord's reloadConfig does: nothing is started or stopped here.
   */
  reread(config: SupervisorConfig): GroupDiff {
    this.config = config;
    const active = [...this.groups.values()].map((g) => g.config);
    const fresh = new Map(config.groups.map((g) => [g.name, g]));
    return {
      added: config.groups.filter((g) => !this.groups.has(g.name)).map((g) => g.name),
      changed: config.groups
        .filter((g) => this.groups.has(g.name) && !sameConfig(g, this.groups.get(g.name)!.config))
        .map((g) => g.name),
      removed: active.filter((g) => !fresh.has(g.name)).map((g) => g.name),
    };
  }

  /** Adds a group from the last config read and starts its autostart programs, as supervisord's main loop does. */
  addGroupByName(name: string): 'added' | 'already-added' | 'no-such-group' {
    const config = this.config.groups.find((g) => g.name === name);
    if (config === undefined) return 'no-such-group';
    if (this.groups.has(name)) return 'already-added';
    this.addGroup(config);
    for (const p of this.processesOf(name)) if (p.config.autostart) p.start();
    return 'added';
  }

  /** Removes a group whose processes are all in a stopped state (BACKOFF counts as running, as in supervisord). */
  removeGroupByName(name: string): 'removed' | 'still-running' | 'no-such-group' {
    const group = this.groups.get(name);
    if (!group) return 'no-such-group';
    for (const p of group.processes.values()) if (!STOPPED_STATES.includes(p.state)) return 'still-running';
    return this.removeGroup(name) ? 'removed' : 'still-running';
  }

  // --- end of control API operations ---

  private processesByPriority(): ProcessRunner[] {
    return this.allProcesses().sort((a, b) => a.config.priority - b.config.priority);
  }

  private onTransition(report: TransitionReport): void {
    this.emit('transition', report);
    this.bus.publish(stateEvent(report));
  }
}

/**
 * The PROCESS_STATE_* event of a transition, with the fields supervisord puts in each, plus our
 * extras (see StateExtras): how the process ended, how long it ran, how often it was started.
 */
function stateEvent({
  process,
  from,
  to,
  expected,
  tries,
  lifecycle: lc,
}: TransitionReport): SupervisorEvent {
  const ref = { name: process.name, group: process.group };
  const pid = lc.pid || process.lastPgid;
  const extras: Record<string, string | number> = { restarts: Math.max(0, process.spawnCount - 1) };
  // Exit facts are cleared at each start, so any present belong to this attempt.
  if (lc.exitStatus !== null || lc.exitSignal !== null) {
    if (lc.exitSignal !== null) extras.signal = lc.exitSignal;
    else extras.exitcode = lc.exitStatus!;
    extras.uptime = Math.max(0, (lc.stoppedAt - lc.startedAt) / 1000).toFixed(3);
  }
  if ((to === 'BACKOFF' || to === 'FATAL') && lc.spawnError) extras.spawnerr = lc.spawnError;
  switch (to) {
    case 'STARTING':
    case 'BACKOFF':
      return { type: `PROCESS_STATE_${to}`, process: ref, fromState: from, tries, extras };
    case 'EXITED':
      return { type: 'PROCESS_STATE_EXITED', process: ref, fromState: from, expected, pid, extras };
    case 'RUNNING':
    case 'STOPPING':
    case 'STOPPED':
      return { type: `PROCESS_STATE_${to}`, process: ref, fromState: from, pid, extras };
    case 'FATAL':
    case 'UNKNOWN':
      return { type: `PROCESS_STATE_${to}`, process: ref, fromState: from, extras };
  }
}

function byPriority(a: ProcessGroup, b: ProcessGroup): number {
  return a.config.priority - b.config.priority || a.config.name.localeCompare(b.config.name);
}

/**
 * Deep equality of two group configs, ignoring where each key was written (`origin`): a program whose
 * section only moved in the file is not "changed", as supervisord compares option values only.
 */
function sameConfig(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (o: object): string[] => Object.keys(o).filter((k) => k !== 'origin');
  const ka = keys(a);
  const kb = keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameConfig((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
