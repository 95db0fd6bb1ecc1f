// The log writer behind every captured stream and the supervisor's own log: queued asynchronous
// writes under one backpressure contract, rotation before a write crosses maxbytes and only at a
// line boundary, and a full disk that loses as little as possible and says how much it lost.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { errnoCode } from '../errors/modulus-error.js';
import { LineStamper } from './line-stamper.js';
import { LogTarget, type Sink } from './log-target.js';
import { describeWriteError, lossNotice, type LossRecord } from './loss-notice.js';
import { advance, cutPoint } from './rotation.js';

export interface LogFileOptions {
  /** Rotate before a write would pass this size; 0 never rotates. */
  maxbytes: number;
  /** Rotated files kept (name.1 … name.N); 0 starts the file afresh instead. */
  backups: number;
  timestamps?: boolean;
  /** Mode of files we create; default 0o644. */
  mode?: number;
  uid?: number;
  gid?: number;
  clock?: () => Date;
  /** Pending bytes above which write() returns false; default 1 MiB. */
  highWaterMark?: number;
  /** While the disk refuses writes, how often to try again; default 1000 ms. */
  probeIntervalMs?: number;
  /** The write system call; tests pass a throttled or failing one. */
  io?: WriteIo;
}

export interface WriteIo {
  /** Writes the buffers in order at the end of fd and resolves how many bytes went (maybe fewer). */
  writev(fd: number, buffers: Buffer[]): Promise<number>;
  /**
   * Writes at once and returns how many bytes went, or null when writes must go through writev
   * (a slow disk); throws the write error. Optional: without it every write is queued.
   */
  writeNow?(fd: number, data: Buffer): number | null;
}

export interface LogWarning {
  readonly path: string;
  readonly message: string;
}

export interface LogFileStats {
  readonly state: WriterState['kind'];
  readonly bytesWritten: number;
  readonly bytesLost: number;
  readonly rotations: number;
  readonly pending: number;
}

/** Loss while the disk refuses bytes; `bytes` and `until` grow until a probe gets through. */
interface Loss {
  since: Date;
  until: Date;
  bytes: number;
  error: unknown;
}

/** The writer's one state: each kind says what is in flight and what write() does with a chunk. */
export type WriterState =
  | { kind: 'idle' }
  | { kind: 'writing' }
  | { kind: 'failing'; loss: Loss; lastAttempt: number; timer: NodeJS.Timeout }
  | { kind: 'probing'; loss: Loss }
  | { kind: 'closed' };

type Control = 'rotate' | 'reopen' | 'clear';

const HIGH_WATER = 1 << 20;
// One writev takes at most this much, so a rotate()/reopen() queued behind a burst waits little.
const BATCH_BYTES = 8 << 20;
const BATCH_BUFFERS = 1024;

// Writes go straight to the kernel while the disk keeps up, as supervisord writes: one syscall per
// batch on the main thread, no thread-pool hop (context switches per 100 MB: ~11,000 -> ~700). A write
// slower than SLOW_WRITE_MS means a slow or stalled disk, and then this file's writes move to the
// thread pool for SLOW_BACKOFF_MS, so a slow disk slows its own program, never the supervisor.
const SLOW_WRITE_MS = 20;
const SLOW_BACKOFF_MS = 5_000;

function asyncWritev(fd: number, buffers: Buffer[]): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.writev(fd, buffers, (err, n) => (err ? reject(err) : resolve(n))),
  );
}

/** The real write path, one per LogFile (each file has its own slow-disk memory). */
export function adaptiveIo(): WriteIo {
  let asyncUntil = 0;
  const timed = (write: () => number): number => {
    const start = performance.now();
    const n = write();
    if (performance.now() - start > SLOW_WRITE_MS) asyncUntil = performance.now() + SLOW_BACKOFF_MS;
    return n;
  };
  return {
    writev(fd, buffers) {
      if (performance.now() < asyncUntil) return asyncWritev(fd, buffers);
      try {
        return Promise.resolve(timed(() => fs.writevSync(fd, buffers)));
      } catch (err) {
        return Promise.reject(err);
      }
    },
    writeNow(fd, data) {
      if (performance.now() < asyncUntil) return null;
      return timed(() => fs.writeSync(fd, data));
    },
  };
}

export class LogFile extends EventEmitter {
  private state: WriterState = { kind: 'idle' };
  private readonly queue: Array<Buffer | Control> = [];
  private pending = 0;
  private needDrain = false;
  private flushWaiters: Array<() => void> = [];
  private closing: Promise<void> | null = null;
  private rotationRetryAt = 0;
  private readonly stamper: LineStamper | null;
  private readonly clock: () => Date;
  private readonly io: WriteIo;
  private readonly hwm: number;
  private readonly probeMs: number;
  private written = 0;
  private lost = 0;
  private rotated = 0;

  private constructor(
    private readonly target: LogTarget,
    private readonly options: LogFileOptions,
  ) {
    super();
    this.clock = options.clock ?? (() => new Date());
    this.stamper = options.timestamps ? new LineStamper(this.clock) : null;
    this.io = options.io ?? adaptiveIo();
    this.hwm = options.highWaterMark ?? HIGH_WATER;
    this.probeMs = options.probeIntervalMs ?? 1000;
  }

  /** Opens (creating when missing) the log at `filePath`; throws LOG_UNSAFE_PATH or LOG_OPEN_FAILED. */
  static open(filePath: string, options: LogFileOptions): LogFile {
    const early: string[] = [];
    const opts = { mode: options.mode ?? 0o644, uid: options.uid, gid: options.gid };
    const log = new LogFile(
      LogTarget.open(filePath, opts, (m) => early.push(m)),
      options,
    );
    log.target.warn = (m) => log.warn(m);
    // Listeners attach after open() returns; what open() saw reaches them on the next tick, or
    // sooner, before the first write or close (with synchronous writes a close can finish first).
    log.early = early;
    process.nextTick(() => log.flushEarly());
    return log;
  }

  /** The path as the config wrote it (or /dev/stdout, /dev/stderr). */
  get path(): string {
    return this.target.path;
  }

  /**
   * Writes or queues a chunk. False means more than the high-water mark is pending: pause the
   * source until 'drain'. The caller may reuse `chunk` once this returns (what is queued is a copy).
   */
  write(chunk: Buffer): boolean {
    if (this.early.length) this.flushEarly();
    if (chunk.length === 0) return this.pending < this.hwm;
    const data = this.stamper ? this.stamper.stamp(chunk) : chunk;
    const keep = (b: Buffer): Buffer => (data === chunk ? Buffer.from(b) : b);
    const state = this.state;
    switch (state.kind) {
      case 'closed':
        this.lost += data.length;
        return true;
      case 'failing':
        // The disk is known to refuse bytes: keep at most a high-water mark for the next probe, so
        // the app is never blocked by a full disk and memory stays bounded.
        if (this.pending + data.length > this.hwm) {
          this.recordLoss(state.loss, data.length);
          return true;
        }
        this.enqueue(keep(data));
        if (performance.now() - state.lastAttempt >= this.probeMs) this.probe();
        return true;
      default:
        if (state.kind === 'idle' && this.writeNow(data, keep)) return true;
        this.enqueue(keep(data));
        if (state.kind === 'idle') this.run({ kind: 'writing' });
        if (this.pending < this.hwm) return true;
        this.needDrain = true;
        return false;
    }
  }

  /** SIGUSR2: close and reopen the same path, after an external logrotate moved the file away. */
  reopen(): void {
    this.control('reopen');
  }

  /** Rotates now, whatever the size (after what is already queued). */
  rotate(): void {
    this.control('rotate');
  }

  /** supervisord's clearProcessLogs: remove the live file and start a fresh one; backups stay. */
  clear(): void {
    this.control('clear');
  }

  /** Resolves when everything queued so far is written, or counted lost. */
  flush(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.flushWaiters.push(resolve));
    // Queued output waiting for a probe is tried now rather than at the next timer.
    this.probe();
    return done;
  }

  /** Flushes, reports a loss the log could not record, then closes the file and the directory. */
  close(): Promise<void> {
    if (this.early.length) this.flushEarly();
    this.closing ??= (async () => {
      // One last try at writing the loss notice (and what is queued) before giving up on the file.
      this.probe();
      await this.flush();
      if (this.state.kind === 'failing') {
        clearTimeout(this.state.timer);
        this.reportLoss(this.state.loss);
      }
      this.target.close();
      this.state = { kind: 'closed' };
    })();
    return this.closing;
  }

  stats(): LogFileStats {
    const { kind } = this.state;
    return {
      state: kind,
      bytesWritten: this.written,
      bytesLost: this.lost,
      rotations: this.rotated,
      pending: this.pending,
    };
  }

  get bytesWritten(): number {
    return this.written;
  }

  get bytesLost(): number {
    return this.lost;
  }

  get rotations(): number {
    return this.rotated;
  }

  /**
   * The common case without the queue: idle, nothing waiting, no rotation due, a fast disk. One
   * write, no promise; measured ~30 % of the capture cost per chunk. False leaves it to the queue
   * (which also handles errors and the rest of a partial write).
   */
  private writeNow(data: Buffer, keep: (rest: Buffer) => Buffer): boolean {
    if (this.queue.length > 0 || this.io.writeNow === undefined) return false;
    const sink = this.target.ensure();
    if (sink === null) return false;
    const rotating =
      sink.kind === 'file' && this.options.maxbytes > 0 && performance.now() >= this.rotationRetryAt;
    if (rotating && cutPoint(sink.line, this.options.maxbytes, data) !== null) return false;
    let n: number | null;
    try {
      n = this.io.writeNow(sink.fd, data);
    } catch {
      return false;
    }
    if (n === null) return false;
    this.written += n;
    sink.line = advance(sink.line, n === data.length ? data : data.subarray(0, n));
    if (n === data.length) return true;
    this.enqueue(keep(data.subarray(n)));
    this.run({ kind: 'writing' });
    return true;
  }

  private enqueue(data: Buffer): void {
    this.queue.push(data);
    this.pending += data.length;
  }

  private control(op: Control): void {
    if (this.state.kind === 'closed') return;
    this.queue.push(op);
    if (this.state.kind === 'idle') this.run({ kind: 'writing' });
    else if (this.state.kind === 'failing') this.probe();
  }

  private probe(): void {
    if (this.state.kind !== 'failing') return;
    clearTimeout(this.state.timer);
    this.run({ kind: 'probing', loss: this.state.loss });
  }

  private run(state: WriterState & { kind: 'writing' | 'probing' }): void {
    this.state = state;
    this.loop().catch((err: unknown) => this.fail(err, 0));
  }

  /** Writes queued chunks until the queue is empty or a write fails; the only code that writes. */
  private async loop(): Promise<void> {
    for (;;) {
      const state = this.state;
      if (state.kind === 'probing') {
        const sink = this.ensureSink();
        if (sink === null) return;
        if (state.loss.bytes > 0) {
          if (!(await this.writeOut(sink, [this.noticeBuffer(sink, state.loss)], 0))) return;
          this.reportLoss(state.loss);
        }
        this.state = { kind: 'writing' };
        continue;
      }
      const head = this.queue[0];
      if (head === undefined) break;
      if (typeof head === 'string') {
        this.queue.shift();
        this.applyControl(head);
        continue;
      }
      const sink = this.ensureSink();
      if (sink === null) return;
      const { buffers, bytes, cut } = this.takeSegment(sink);
      if (!(await this.writeOut(sink, buffers, bytes))) return;
      if (cut) this.rotateNow();
      this.settle();
    }
    this.state = { kind: 'idle' };
    this.settle();
  }

  /** Takes queued chunks for one writev: up to a control, a rotation cut, or the batch limits. */
  private takeSegment(sink: Sink): { buffers: Buffer[]; bytes: number; cut: boolean } {
    const buffers: Buffer[] = [];
    let bytes = 0;
    const cutting =
      sink.kind === 'file' && this.options.maxbytes > 0 && performance.now() >= this.rotationRetryAt;
    let line = sink.line;
    while (buffers.length < BATCH_BUFFERS && bytes < BATCH_BYTES) {
      const head = this.queue[0];
      if (head === undefined || typeof head === 'string') break;
      const at = cutting ? cutPoint(line, this.options.maxbytes, head) : null;
      if (at === null || at >= head.length) {
        this.queue.shift();
        buffers.push(head);
        bytes += head.length;
        line = advance(line, head);
        if (at === null) continue;
        return { buffers, bytes, cut: true };
      }
      if (at > 0) buffers.push(head.subarray(0, at));
      this.queue[0] = head.subarray(at);
      return { buffers, bytes: bytes + at, cut: true };
    }
    return { buffers, bytes, cut: false };
  }

  /** Writes every byte of `buffers` (finishing partial writes); false when the disk refused, after counting the loss. */
  private async writeOut(sink: Sink, buffers: Buffer[], appBytes: number): Promise<boolean> {
    let rest = buffers;
    let left = rest.reduce((n, b) => n + b.length, 0);
    while (left > 0) {
      let n: number;
      try {
        n = await this.io.writev(sink.fd, rest);
      } catch (err) {
        if (errnoCode(err) === 'EAGAIN') {
          await new Promise((resolve) => setTimeout(resolve, 10));
          continue;
        }
        this.pending -= appBytes;
        this.fail(err, appBytes === 0 ? 0 : left);
        return false;
      }
      this.written += n;
      left -= n;
      rest = consume(sink, rest, n);
    }
    this.pending -= appBytes;
    return true;
  }

  /** Enters (or stays in) 'failing': the unwritten bytes and everything queued are counted lost. */
  private fail(err: unknown, lostNow: number): void {
    if (this.state.kind === 'failing') clearTimeout(this.state.timer);
    const previous = this.state.kind === 'probing' || this.state.kind === 'failing' ? this.state.loss : null;
    const now = this.clock();
    const loss = previous ?? { since: now, until: now, bytes: 0, error: err };
    loss.error = err;
    this.recordLoss(loss, lostNow);
    if (previous === null) {
      const { code, message } = describeWriteError(err);
      this.warn(
        `cannot write ${this.path}: ${code} (${message}); output is counted as lost until writes succeed again`,
      );
    }
    const timer = setTimeout(() => this.probe(), this.probeMs);
    timer.unref();
    this.state = { kind: 'failing', loss, lastAttempt: performance.now(), timer };
    this.dropQueue(loss);
    this.settle();
  }

  private recordLoss(loss: Loss, bytes: number): void {
    if (bytes === 0) return;
    loss.bytes += bytes;
    loss.until = this.clock();
    this.lost += bytes;
  }

  /** Drops queued chunks as lost; controls still run, since a reopen may be what recovers. */
  private dropQueue(loss: Loss): void {
    for (const item of this.queue.splice(0)) {
      if (typeof item === 'string') {
        this.applyControl(item);
      } else {
        this.pending -= item.length;
        this.recordLoss(loss, item.length);
      }
    }
  }

  private reportLoss(loss: Loss): void {
    if (loss.bytes === 0) return;
    this.emit('loss', this.lossRecord(loss));
  }

  private lossRecord(loss: Loss): LossRecord {
    const { code, message } = describeWriteError(loss.error);
    return { path: this.path, bytes: loss.bytes, since: loss.since, until: loss.until, error: code, message };
  }

  private noticeBuffer(sink: Sink, loss: Loss): Buffer {
    const lead = sink.line.openLine > 0 ? '\n' : '';
    const stamp = this.stamper ? `${this.clock().toISOString()} ` : '';
    return Buffer.from(`${lead}${stamp}${lossNotice(this.lossRecord(loss))}`);
  }

  /** Emits 'drain' once pending falls below the mark (or the disk failed), and settles flush() waiters. */
  private settle(): void {
    if (this.needDrain && (this.pending < this.hwm || this.state.kind === 'failing')) {
      this.needDrain = false;
      this.emit('drain');
    }
    if (this.isSettled()) for (const resolve of this.flushWaiters.splice(0)) resolve();
  }

  private isSettled(): boolean {
    const kind = this.state.kind;
    return this.queue.length === 0 && (kind === 'idle' || kind === 'failing' || kind === 'closed');
  }

  private ensureSink(): Sink | null {
    const sink = this.target.ensure();
    if (sink === null) this.fail(this.target.lastError, 0);
    return sink;
  }

  private applyControl(op: Control): void {
    if (op === 'rotate') this.rotateNow();
    else if (op === 'reopen') this.target.reopen();
    else this.target.clear();
  }

  private rotateNow(): void {
    if (!this.target.rotatable) return;
    const fresh = this.target.rotate(this.options.backups);
    this.rotated++;
    // The live name could not be moved or removed, so we append to the same big file again:
    // hold cuts for a while rather than rotating on every write.
    if (!fresh) {
      this.rotationRetryAt = performance.now() + 1000;
      this.warn(`rotation of ${this.path} did not start a fresh file; retrying in 1 s`);
    }
  }

  private early: string[] = [];

  private flushEarly(): void {
    const early = this.early;
    this.early = [];
    for (const m of early) this.warn(m);
  }

  private warn(message: string): void {
    const warning: LogWarning = { path: this.path, message };
    this.emit('warning', warning);
  }
}

/** The buffers still to write after `n` bytes went, advancing the sink's line state over those bytes. */
function consume(sink: Sink, buffers: Buffer[], n: number): Buffer[] {
  let i = 0;
  while (n > 0 && i < buffers.length) {
    const b = buffers[i] as Buffer;
    const done = n >= b.length ? b : b.subarray(0, n);
    sink.line = advance(sink.line, done);
    n -= done.length;
    if (done === b) i++;
    else return [b.subarray(done.length), ...buffers.slice(i + 1)];
  }
  return buffers.slice(i);
}
