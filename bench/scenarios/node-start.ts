// `modulus start` scenario: what start adds before the app's first line with its Node.js already in
// the volume's cache, through the image's wrapper and run directly, against running that node on the
// app directly (the physical limit); and the bundle's own start-up (`--version`). With a baseline
// bundle (another build of modulus.js) both are measured side by side, interleaved.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTempDir, median, MODULUS_BIN, nowMs, quantile, removeTempDir } from '../harness.js';
import { fixed, verdict, type Section } from '../report.js';

const WRAPPER = fileURLToPath(new URL('../../../images/run-node/start', import.meta.url));
const VERSION = 'v20.99.0'; // this machine's Node.js, cached in the volume under a made-up version
const MARK = 'BENCH-APP-UP';

export interface NodeStartOptions {
  runs: number;
  /** Another build of dist/modulus.js to compare with (e.g. main's). */
  baseline?: string;
}

/** ms from spawn to the first stdout chunk holding MARK (or to exit, for --version); waits for exit. */
function timeToMark(cmd: string, args: string[], env: NodeJS.ProcessEnv, mark?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const startedAt = nowMs();
    let at: number | undefined;
    let out = '';
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (mark && at === undefined && out.includes(mark)) at = nowMs();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0 || (mark && at === undefined))
        return reject(new Error(`${cmd} ${args.join(' ')} exited ${code} without ${mark}:\n${out}`));
      resolve((at ?? nowMs()) - startedAt);
    });
  });
}

function volume(): { mnt: string; env: NodeJS.ProcessEnv } {
  const mnt = makeTempDir('start');
  const app = path.join(mnt, 'app');
  fs.mkdirSync(app, { recursive: true });
  fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "bench-app", "main": "index.js" }\n');
  fs.writeFileSync(path.join(app, 'index.js'), `process.stdout.write('${MARK}\\n');\n`);
  const cache = path.join(mnt, 'home', '.modulus', 'node');
  fs.mkdirSync(cache, { recursive: true });
  fs.symlinkSync(path.dirname(path.dirname(process.execPath)), path.join(cache, VERSION));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    HOME: path.join(mnt, 'home'),
    MODULUS_MNT: mnt,
    MODULUS_NODE_PREINSTALLED_DIR: path.join(mnt, 'no-image'),
    MODULUS_CONFIG_ENGINES_NODE: VERSION,
    NODEJS_ORG_MIRROR: 'http://127.0.0.1:9/', // nothing may need the network
  };
  return { mnt, env };
}

interface Samples {
  version: number[];
  wrapper: number[];
  direct: number[];
}

export async function nodeStart(options: NodeStartOptions): Promise<Section[]> {
  const bundles: [string, string][] = [['this build', MODULUS_BIN]];
  if (options.baseline) bundles.unshift(['baseline', path.resolve(options.baseline)]);
  // A volume per bundle: each records its choice in its own format, as a volume used by one
  // version of start does (sharing one, each would throw the other's record away).
  const volumes = new Map(bundles.map(([label]) => [label, volume()]));
  const samples = new Map<string, Samples>(
    bundles.map(([l]) => [l, { version: [], wrapper: [], direct: [] }]),
  );
  const node: number[] = [];
  const first = volumes.get('this build')!;
  const entry = path.join(first.mnt, 'app', 'index.js');
  try {
    // One untimed pass: the first start records its choice in the volume, as a real first start does.
    for (const [label, bundle] of bundles)
      await timeToMark('/bin/sh', [WRAPPER], { ...volumes.get(label)!.env, MODULUS_CLI: bundle }, MARK);
    for (let i = 0; i < options.runs; i++) {
      node.push(await timeToMark(process.execPath, [entry], first.env, MARK));
      // Alternate which bundle goes first, so neither always runs right after the other.
      for (const [label, bundle] of i % 2 === 0 ? bundles : [...bundles].reverse()) {
        const s = samples.get(label)!;
        const { env } = volumes.get(label)!;
        s.version.push(await timeToMark(process.execPath, [bundle, '--version'], env));
        s.wrapper.push(await timeToMark('/bin/sh', [WRAPPER], { ...env, MODULUS_CLI: bundle }, MARK));
        // main's bundle refuses here on Node.js 20 (no execve): that cell then says so.
        const direct = await timeToMark(process.execPath, [bundle, 'start'], env, MARK).catch(
          () => undefined,
        );
        if (direct !== undefined) s.direct.push(direct);
      }
    }
  } finally {
    for (const { mnt } of volumes.values()) removeTempDir(mnt);
  }
  const m = (label: string, key: keyof Samples): number => median(samples.get(label)![key]);
  const cell = (values: number[]): string =>
    values.length === 0
      ? 'refused'
      : `${fixed(median(values))} (best ${fixed(Math.min(...values))}, p90 ${fixed(quantile(values, 0.9))})`;
  const labels = bundles.map(([l]) => l);
  const rows: string[][] = [
    ['`modulus --version` (bundle start-up)', ...labels.map((l) => cell(samples.get(l)!.version))],
    ["image wrapper `start` → app's first line", ...labels.map((l) => cell(samples.get(l)!.wrapper))],
    ["`modulus start` run directly → app's first line", ...labels.map((l) => cell(samples.get(l)!.direct))],
    ['`node index.js` → first line (the limit)', ...labels.map(() => cell(node))],
    [
      'added by the wrapper (median − limit; best − best)',
      ...labels.map(
        (l) =>
          `${fixed(m(l, 'wrapper') - median(node))}; ${fixed(Math.min(...samples.get(l)!.wrapper) - Math.min(...node))}`,
      ),
    ],
  ];
  const notes: string[] = [];
  const ours = 'this build';
  const added = m(ours, 'wrapper') - median(node);
  notes.push(verdict('start adds < 150 ms', added < 150, `${fixed(added)} ms`));
  if (options.baseline) {
    const grow = m(ours, 'version') - m('baseline', 'version');
    notes.push(verdict('bundle start-up grows <= 5 ms', grow <= 5, `${fixed(grow, 1)} ms`));
    const more = added - (m('baseline', 'wrapper') - median(node));
    notes.push(verdict('start adds no more than the baseline', more <= 5, `${fixed(more, 1)} ms more`));
  }
  return [
    {
      title: '`modulus start` with a cached Node.js',
      what:
        `A volume whose app prints one line; its Node.js (this machine's, as ${VERSION}) in the volume's cache and pinned, ` +
        `so nothing touches the network. Wall ms from spawn to the app's first line on stdout, median of ${options.runs} ` +
        'interleaved rounds (best and p90 in brackets): through `images/run-node/start` (MODULUS_CLI pointing at the bundle), ' +
        '`modulus start` run directly (on Node.js 20, its spawn-and-forward fallback), and `node index.js` alone; ' +
        'and `modulus --version` to exit. A baseline column is another build of the bundle (`--baseline`).',
      headers: ['measure (ms)', ...labels],
      rows,
      notes,
    },
  ];
}
