// Throughput of pipe capture into a LogFile against the physical limit, `cat > file`, for the same
// stream of lines. Run: node build/bench/log-throughput.js [megabytes=500] [runs=3]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LogFile, type LogFileOptions } from '../src/logs/log-file.js';
import { capturePipe } from '../src/logs/pipe-capture.js';
import { TailBuffer } from '../src/logs/tail-buffer.js';

const megabytes = Number(process.argv[2] ?? 500);
const runs = Number(process.argv[3] ?? 3);
const bytes = megabytes * 1024 * 1024;
const LINE = 'GET /api/items?id=12345 200 3.2ms user=alice agent="Mozilla/5.0 (X11; Linux x86_64)"';
const producer = `yes '${LINE}' | head -c ${bytes}`;

function exited(child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
}

async function viaCat(dir: string): Promise<number> {
  const start = performance.now();
  await exited(spawn('sh', ['-c', `${producer} | cat > ${path.join(dir, 'cat.log')}`], { stdio: 'inherit' }));
  return performance.now() - start;
}

async function viaCapture(dir: string, options: LogFileOptions, tee: boolean): Promise<number> {
  const start = performance.now();
  const file = LogFile.open(path.join(dir, 'app.log'), options);
  const child = spawn('sh', ['-c', producer], { stdio: ['ignore', 'pipe', 'inherit'] });
  const tail = new TailBuffer();
  const capture = capturePipe(child.stdout, file, tee ? { tee: (c) => tail.push(c) } : {});
  await Promise.all([exited(child), capture.done]);
  await file.close();
  const elapsed = performance.now() - start;
  if (file.bytesLost !== 0 || file.bytesWritten < bytes) throw new Error(`lost ${file.bytesLost} bytes`);
  return elapsed;
}

/** The runtime's own ceiling: the least a Node.js process can do with each chunk of a child's pipe. */
async function viaNodeMinimal(dir: string): Promise<number> {
  const start = performance.now();
  const fd = fs.openSync(path.join(dir, 'minimal.log'), 'w');
  const child = spawn('sh', ['-c', producer], { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk: Buffer) => fs.writeSync(fd, chunk));
  await exited(child);
  fs.closeSync(fd);
  return performance.now() - start;
}

function clean(dir: string): void {
  for (const name of fs.readdirSync(dir)) fs.rmSync(path.join(dir, name), { force: true });
}

const scenarios: Array<[string, (dir: string) => Promise<number>]> = [
  ['cat > file (physical limit)', viaCat],
  ['node: writeSync per chunk (runtime limit)', viaNodeMinimal],
  ['capture, no rotation', (d) => viaCapture(d, { maxbytes: 0, backups: 0 }, false)],
  [
    'capture, rotation 50MB x10 + tail',
    (d) => viaCapture(d, { maxbytes: 50 * 1024 * 1024, backups: 10 }, true),
  ],
  ['capture, timestamps', (d) => viaCapture(d, { maxbytes: 0, backups: 0, timestamps: true }, false)],
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modulus-bench-'));
try {
  const best = new Map<string, number>();
  for (let run = 0; run < runs; run++) {
    for (const [name, scenario] of scenarios) {
      const ms = await scenario(dir);
      clean(dir);
      best.set(name, Math.min(best.get(name) ?? Infinity, ms));
    }
  }
  const limit = best.get(scenarios[0]?.[0] ?? '') ?? 1;
  console.log(`${megabytes} MB of ${LINE.length + 1}-byte lines, best of ${runs}, ${os.cpus().length} CPUs`);
  for (const [name, ms] of best) {
    const rate = megabytes / (ms / 1000);
    console.log(
      `${name.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms  ${rate.toFixed(0).padStart(6)} MB/s  ${(limit / ms).toFixed(2)}x`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
