// The Node.js flags our supervisor runs with, wherever we start it (the run images' bin/modulus,
// `modulus run`, the bench). Measured with 100 programs (bench/README.md, "Memory and idle"):
// --v8-pool-size=0 runs V8's GC work on the main thread instead of four helper threads, which
// otherwise wake up together for every collection (idle wake-ups 2.6/s -> 0.7/s, RssAnon -1 MB);
// --max-semi-space-size=1 (MiB) keeps the young generation small (RssAnon -3 MB, the difference
// between 0.9x and 0.7x Debian supervisord's), for ~20 ms more CPU at start-up (more scavenges while
// the bundle loads); once running, the supervisor's heap is a few MB and its work per event small.
// Not --no-opt: it keeps TurboFan's code in the node binary unread (VmRSS -3.5 MB with 100 programs),
// but those are file pages every container running the image's Node.js shares, not private memory,
// and without TurboFan a /metrics scrape of 100 programs took 14.0 ms instead of 9.4 ms and a
// getAllProcessInfo 3.8 instead of 2.4 (side by side): CPU taken from the app for nothing billed.
export const SUPERVISOR_NODE_FLAGS: readonly string[] = ['--v8-pool-size=0', '--max-semi-space-size=1'];
