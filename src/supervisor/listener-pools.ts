// Runs [eventlistener:x] pools: feeds each pool the bus's events, the listeners' stdout and
// their state changes, and carries out what the pool decides (write an event to a listener's
// stdin, log a protocol error, count an overflow). The pool rules are src/events/listener-pool.ts.
import type { GroupConfig } from '../config/model.js';
import { isEventType, type EventType } from '../events/event-types.js';
import { ListenerPool, type PoolAction } from '../events/listener-pool.js';
import type { ProcessRunner, TransitionReport } from './process-runner.js';
import type { MainLog, Supervisor } from './supervisor.js';

/** States after which a listener holds no event and reads no more. */
const GONE = new Set(['EXITED', 'STOPPED', 'BACKOFF', 'FATAL', 'STOPPING']);

export class ListenerPools {
  private readonly pools = new Map<string, ListenerPool>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly supervisor: Supervisor,
    private readonly server: string,
    private readonly log: MainLog,
  ) {
    this.unsubscribe = supervisor.bus.subscribe((event, serial) => {
      for (const [group, pool] of this.pools) this.carry(group, pool.notify(event, serial));
    });
    supervisor.on('transition', (report) => this.onTransition(report));
    supervisor.on('group', (change, group) =>
      change === 'added' ? this.add(group) : this.remove(group.name),
    );
  }

  /** Makes a pool for an eventlistener group; call before the group's processes start. */
  add(group: GroupConfig): void {
    if (group.kind !== 'eventlistener' || !group.pool) return;
    const events = group.pool.events.filter((e): e is EventType => isEventType(e));
    this.pools.set(
      group.name,
      new ListenerPool({ name: group.name, bufferSize: group.pool.bufferSize, events, server: this.server }),
    );
  }

  remove(groupName: string): void {
    this.pools.delete(groupName);
  }

  /** A listener's stdout: the READY / RESULT side of the protocol. */
  output(runner: ProcessRunner, stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const pool = this.pools.get(runner.group);
    if (!pool || stream !== 'stdout') return;
    this.carry(runner.group, pool.listenerOutput(runner.name, chunk));
  }

  /** The number of events dropped by each pool's full buffer. */
  dropped(): Map<string, number> {
    return new Map([...this.pools].map(([name, pool]) => [name, pool.dropped]));
  }

  close(): void {
    this.unsubscribe();
  }

  private onTransition({ process, to }: TransitionReport): void {
    const pool = this.pools.get(process.group);
    if (!pool) return;
    if (to === 'STARTING') pool.listenerStarted(process.name);
    else if (GONE.has(to)) this.carry(process.group, pool.listenerExited(process.name));
  }

  private carry(group: string, actions: readonly PoolAction[]): void {
    for (const action of actions) {
      switch (action.kind) {
        case 'send': {
          const stdin = this.supervisor.groups.get(group)?.processes.get(action.listener)?.stdin;
          stdin?.write(action.data);
          // supervisord's wording, with the process name (not group:name), here and below.
          this.log.log('debug', `event ${action.serial} sent to listener ${action.listener}`);
          break;
        }
        case 'processed':
          this.log.log('debug', `${action.listener}: event was processed`);
          break;
        case 'rejected':
          if (action.byResult) this.log.log('warn', `${action.listener}: event was rejected`);
          this.log.log('debug', `rebuffering event ${action.serial} for pool ${group}`);
          break;
        case 'protocol-error':
          this.log.log('warn', `${action.listener}: ${action.reason}`);
          break;
        case 'state':
          this.log.log('debug', `${action.listener}: ${action.from} -> ${action.to}`);
          if (action.to === 'UNKNOWN') {
            this.log.log(
              'warn',
              `${action.listener}: has entered the UNKNOWN state and will no longer receive events, ` +
                'this usually indicates the process violated the eventlistener protocol',
            );
          }
          break;
        case 'overflow':
          // supervisord drops the oldest event with one log line; we also say how many so far.
          this.log.log(
            'error',
            `pool ${group} event buffer overflowed: discarded event ${action.discardedSerial} (${action.droppedTotal} dropped in all); raise buffer_size`,
          );
          break;
      }
    }
  }
}
