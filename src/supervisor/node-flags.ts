// The Node.js flags our supervisor runs with, wherever we start it (the run images' bin/modulus,
// `modulus run`, the bench). Measured with 100 programs (bench/README.md, "Memory and idle"):
// --v8-pool-size=0 runs V8's GC work on the main thread instead of four helper threads, which
// otherwise wake up together for every collection (idle wake-ups 2.6/s -> 0.7/s, RssAnon -1 MB);
// --max-semi-space-size=1 (MiB) keeps the young generation small (RssAnon -3 MB, the difference
// between 0.9x and 0.7x Debian supervisord's), for ~20 ms more CPU at start-up (more scavenges while
// the bundle loads); once running, the supervisor's heap is a few MB and its work per event small.
// --no-opt leaves TurboFan out: its code in the node binary is never paged in (VmRSS -3.5 MB with
// 100 programs on Node.js 20, -6 MB on 22 with Maglev too), and the supervisor's CPU seconds for
// 200 MB of logs, 100 starts and 30 restarts stay the same (measured side by side): its hot paths are
// the kernel's and Node.js's C++ (pipes, writes, spawn), the JavaScript between them a few calls per chunk.
export const SUPERVISOR_NODE_FLAGS: readonly string[] = [
  '--v8-pool-size=0',
  '--max-semi-space-size=1',
  '--no-opt',
];
