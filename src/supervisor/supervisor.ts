// The supervisor: owns the process groups built from a config, starts them in priority order,
// stops them in reverse order (each priority tier at once, tiers one after another), reloads,
// and reports every state change to the main log and to listeners (the event bus).
import { EventEmitter } from 'node:events';
import type { GroupConfig, ProcessConfig, SupervisorConfig } from '../config/model.js';
import type { LogLevelName } from './lifecycle.js';
import { ProcessRunner, type OutputSink, type SpawnPlan, type TransitionReport } from './process-runner.js';
import type { SupervisorState } from './states.js';
import { EventBus } from '../events/event-bus.js';
import type { SupervisorEvent } from '../events/event-payload.js';

export interface MainLog {
  log(level: LogLevelName, message: string): void;
}

export interface SupervisorDeps {
  readonly mainLog: MainLog;
  plan(config: ProcessConfig): SpawnPlan;
  sink(config: ProcessConfig, stream: 'stdout' | 'stderr'): OutputSink | null;
  output?(runner: ProcessRunner, stream: 'stdout' | 'stderr', chunk: Buffer): void;
  now(): number;
}

export interface ProcessGroup {
  readonly config: GroupConfig;
  readonly processes: Map<string, ProcessRunner>;
}

export interface SupervisorEvents {
  transition: [TransitionReport];
  state: [SupervisorState];
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
    if (state === 'SHUTDOWN' || state === 'RESTARTING') this.bus.publish({ type: 'SUPERVISOR_STATE_CHANGE_STOPPING' });
  }

  addGroup(config: GroupConfig): ProcessGroup {
    const processes = new Map<string, ProcessRunner>();
    for (const pc of config.processes) {
      processes.set(
        pc.name,
        new ProcessRunner(pc, {
          plan: (c) => this.deps.plan(c),
          sink: (c, s) => this.deps.sink(c, s),
          output: this.deps.output,
          stripAnsi: this.config.supervisord.stripAnsi,
          transition: (report) => this.onTransition(report),
          log: (level, message) => this.deps.mainLog.log(level, message),
          now: () => this.deps.now(),
        }),
      );
    }
    const group = { config, processes };
    this.groups.set(config.name, group);
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
    this.groups.delete(name);
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

  private processesByPriority(): ProcessRunner[] {
    return this.allProcesses().sort((a, b) => a.config.priority - b.config.priority);
  }

  private onTransition(report: TransitionReport): void {
    this.emit('transition', report);
    this.bus.publish(stateEvent(report));
  }
}

/** The PROCESS_STATE_* event of a transition, with the fields supervisord puts in each. */
function stateEvent({ process, from, to, expected, tries }: TransitionReport): SupervisorEvent {
  const ref = { name: process.name, group: process.group };
  const pid = process.lifecycle.pid || process.lastPgid;
  switch (to) {
    case 'STARTING':
    case 'BACKOFF':
      return { type: `PROCESS_STATE_${to}`, process: ref, fromState: from, tries };
    case 'EXITED':
      return { type: 'PROCESS_STATE_EXITED', process: ref, fromState: from, expected, pid };
    case 'RUNNING':
    case 'STOPPING':
    case 'STOPPED':
      return { type: `PROCESS_STATE_${to}`, process: ref, fromState: from, pid };
    case 'FATAL':
    case 'UNKNOWN':
      return { type: `PROCESS_STATE_${to}`, process: ref, fromState: from };
  }
}

function byPriority(a: ProcessGroup, b: ProcessGroup): number {
  return a.config.priority - b.config.priority || a.config.name.localeCompare(b.config.name);
}
