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
// Restarts are a little quicker (2.7-2.8 ms vs 2.9-3.7, no TurboFan compiling on the main thread).
// The price is paid by request-heavy paths: /metrics with 100 programs 14.0 ms vs 9.4 ms median,
// getAllProcessInfo 3.8 vs 2.4 ms, well inside their targets; and the 3.5 MB are pages of the node
// binary, which containers running the same image share, so it is VmRSS more than the bill.
// --no-sparkplug leaves the baseline compiler out too, so the JavaScript stays in the interpreter:
// VmRSS with 100 programs 49.7 vs 50.9 MB (RssAnon -0.5 MB, node-binary pages -0.7 MB); side by
// side, restarts (2.54 vs 2.42 ms), log throughput and its CPU were unchanged, and in-process
// getAllProcessInfo took 3.7 vs 3.0 ms (best), XML-RPC over HTTP 2.8 vs 2.2 ms (median).
export const SUPERVISOR_NODE_FLAGS: readonly string[] = [
  '--v8-pool-size=0',
  '--max-semi-space-size=1',
  '--no-opt',
  '--no-sparkplug',
];
