// The notifier: turns each event into at most one record (classify), completes it (enrich, OOM
// evidence), and hands it to the coalescer and the writer.
import { hostname } from 'node:os';
import { classify, isSpawnError } from './classify.js';
import { Coalescer } from './coalesce.js';
import { enrich, type Rpc } from './enrich.js';
import { parseNotifyEvent, type StateEvent } from './notify-event.js';
import { NO_EVIDENCE, OomWatch, oomKillsDuring } from './oom-evidence.js';
import { RECORD_VERSION, type NotificationRecord } from './record.js';
import type { LogLossEvent } from './log-loss-event.js';
import type { NotificationWriter } from './writer.js';

export interface NotifierOptions {
  readonly writer: Pick<NotificationWriter, 'write'>;
  readonly rpc: Rpc | null;
  readonly coalesceMs: number;
  readonly oom?: Pick<OomWatch, 'observe' | 'check'>;
  readonly clock?: () => number;
  readonly host?: string;
  readonly onWritten?: (name: string, record: NotificationRecord) => void;
  readonly onError?: (err: unknown) => void;
}

export class Notifier {
  private readonly coalescer: Coalescer;
  private readonly oom: Pick<OomWatch, 'observe' | 'check'>;
  private readonly clock: () => number;
  private readonly host: string;

  constructor(private readonly options: NotifierOptions) {
    this.clock = options.clock ?? Date.now;
    this.oom = options.oom ?? new OomWatch();
    this.host = options.host ?? hostname();
    this.coalescer = new Coalescer(options.coalesceMs, (r) => this.write(r), this.clock);
  }

  /** Handles one event (its name and payload, as the listener protocol delivers them). */
  async handle(eventName: string, payload: string): Promise<void> {
    const event = parseNotifyEvent(eventName, payload);
    if (event.kind === 'log-loss') this.coalescer.offer(this.lossRecord(event));
    if (event.kind === 'state') await this.onState(event);
  }

  /** Writes what the coalescer still holds (at shutdown). */
  flush(): void {
    this.coalescer.flush();
  }

  private async onState(event: StateEvent): Promise<void> {
    const key = `${event.group}:${event.program}`;
    if (event.state === 'RUNNING' && event.pid !== null) this.oom.observe(key, event.pid);
    if (event.state !== 'EXITED' && event.state !== 'BACKOFF' && event.state !== 'FATAL') return;
    if (event.state === 'EXITED' && event.expected === true) return;
    const time = new Date(this.clock()).toISOString();
    const facts = await enrich(event, this.options.rpc);
    const spawnFailed = isSpawnError(facts.spawnError);
    const memory = event.state === 'FATAL' || spawnFailed ? NO_EVIDENCE : this.oom.check(key);
    const type = classify({
      state: event.state,
      expected: event.expected,
      signal: facts.exit.signal,
      exitedWithCode: facts.exit.code !== null,
      spawnerr: facts.spawnError,
      oomKills: oomKillsDuring(memory),
    });
    if (type === null) return;
    this.coalescer.offer({
      ...this.base(type, time, event.program, event.group),
      supervisor: event.extended ? 'modulus' : 'supervisord',
      pid: facts.pid,
      exit: facts.exit,
      expected: event.state === 'EXITED' ? event.expected : event.state === 'FATAL' ? false : null,
      uptimeSeconds: facts.uptimeSeconds,
      restarts: facts.restarts,
      fromState: event.fromState,
      spawnError: facts.spawnError,
      output: facts.output,
      memory: type === 'oom' || type === 'crash' ? memory : null,
      unknown: facts.unknown,
    });
  }

  private lossRecord(e: LogLossEvent): NotificationRecord {
    const time = new Date(this.clock()).toISOString();
    const { program, group, path, bytes, since, until, error, message } = e;
    const logLoss = { path, bytes, since, until, error, message };
    return { ...this.base('log-loss', time, program, group), supervisor: 'modulus', logLoss };
  }

  private base(
    type: NotificationRecord['type'],
    time: string,
    program: string | null,
    group: string | null,
  ): NotificationRecord {
    return {
      version: RECORD_VERSION,
      type,
      time,
      hostname: this.host,
      supervisor: 'supervisord',
      program,
      group,
      pid: null,
      exit: { code: null, signal: null },
      expected: null,
      uptimeSeconds: null,
      restarts: null,
      fromState: null,
      spawnError: null,
      output: { stdout: null, stderr: null },
      memory: null,
      logLoss: null,
      coalesced: null,
      dropped: 0,
      unknown: [],
    };
  }

  private write(record: NotificationRecord): void {
    try {
      const name = this.options.writer.write(record);
      this.options.onWritten?.(name, record);
    } catch (err) {
      this.options.onError?.(err);
    }
  }
}
