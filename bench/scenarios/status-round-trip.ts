// Control-plane scenario: `supervisorctl status` with 100 programs, both clients (ours and Debian's Python
// supervisorctl) against both servers, timed as whole commands; plus the bare XML-RPC call without a client.
import {
  KINDS,
  LABEL,
  Supervisor,
  makeTempDir,
  median,
  nowMs,
  quantile,
  removeTempDir,
  type Kind,
} from '../harness.js';
import {
  CLIENT_KINDS,
  CLIENT_LABEL,
  controlSections,
  rpcClient,
  sleepers,
  statusCommand,
  timeCommand,
  waitAllRunning,
  type ClientKind,
} from '../control.js';
import { fixed, ms, ratio, verdict, type Section } from '../report.js';
import { KEEP, kept } from '../baselines.js';

export interface StatusRoundTripOptions {
  programs: number;
  runs: number;
}

interface Samples {
  /** Wall ms of each whole `status` command, per client. */
  commands: Map<ClientKind, number[]>;
  /** Wall ms of `supervisorctl --help`, per client: its start-up alone, under the same load. */
  startups: Map<ClientKind, number[]>;
  /** ms of one getAllProcessInfo call from a warm in-process client. */
  rpc: number[];
  problems: string[];
}

interface Running {
  readonly kind: Kind;
  readonly dir: string;
  readonly supervisor: Supervisor;
  readonly client: ReturnType<typeof rpcClient>;
  readonly samples: Samples;
  ready: boolean;
}

function emptySamples(): Samples {
  return {
    commands: new Map(CLIENT_KINDS.map((c) => [c, []])),
    startups: new Map(CLIENT_KINDS.map((c) => [c, []])),
    rpc: [],
    problems: [],
  };
}

/** One status command and one start-up-only command of a client against a server. */
async function sample(r: Running, clientKind: ClientKind, programs: number, record: boolean): Promise<void> {
  const [cmd, args] = statusCommand(clientKind, r.dir);
  const result = await timeCommand(cmd, args, r.dir);
  const lines = result.stdout.split('\n').filter((l) => /\bRUNNING\b/.test(l)).length;
  if (result.exitCode !== 0 || lines !== programs) {
    r.samples.problems.push(
      `${clientKind} client against ${r.kind}: exit ${result.exitCode}, ${lines} RUNNING lines of ${programs}`,
    );
    return;
  }
  if (record) r.samples.commands.get(clientKind)!.push(result.wallMs);
  const [helpCmd, helpArgs] = statusCommand(clientKind, r.dir, true);
  const help = await timeCommand(helpCmd, helpArgs, r.dir);
  if (record && help.exitCode === 0) r.samples.startups.get(clientKind)!.push(help.wallMs);
}

/**
 * Both servers run at once and every run visits each (server, client) pair in turn, so a change of
 * load on this shared machine hits all four cells alike instead of favouring whichever ran first.
 */
async function measureAll(programs: number, runs: number): Promise<Map<Kind, Samples>> {
  const running: Running[] = KINDS.map((kind) => {
    const dir = makeTempDir('status');
    const supervisor = Supervisor.start(kind, dir, controlSections(dir) + sleepers(programs));
    return { kind, dir, supervisor, client: rpcClient(dir), samples: emptySamples(), ready: false };
  });
  try {
    for (const r of running) {
      const deadline = r.kind === 'modulus' ? 30_000 : 30_000 + programs * 200;
      r.ready = await waitAllRunning(r.supervisor, r.client, programs, deadline);
      if (!r.ready)
        r.samples.problems.push(`${r.kind}: not all ${programs} RUNNING over XML-RPC within ${ms(deadline)}`);
    }
    const ready = running.filter((r) => r.ready);
    // one unmeasured round warms the page cache
    for (let run = -1; run < runs; run++) {
      for (const r of ready)
        for (const clientKind of CLIENT_KINDS) await sample(r, clientKind, programs, run >= 0);
    }
    for (let run = -1; run < runs * 2; run++) {
      for (const r of ready) {
        const startedAt = nowMs();
        await r.client.call('supervisor.getAllProcessInfo');
        if (run >= 0) r.samples.rpc.push(nowMs() - startedAt);
      }
    }
    return new Map(running.map((r) => [r.kind, r.samples]));
  } finally {
    for (const r of running) {
      r.client.close();
      await r.supervisor.shutdown();
      removeTempDir(r.dir);
    }
  }
}

export async function statusRoundTrip({ programs, runs }: StatusRoundTripOptions): Promise<Section[]> {
  const results = await measureAll(programs, runs);
  for (const [kind, samples] of results) {
    const line = CLIENT_KINDS.map((c) => `${c} ${fixed(median(samples.commands.get(c)!), 0)} ms`).join(', ');
    process.stderr.write(`  status against ${kind}: ${line}, rpc ${fixed(median(samples.rpc), 1)} ms\n`);
  }
  const cmd = (server: Kind, client: ClientKind): number[] => results.get(server)!.commands.get(client)!;
  const cell = (values: number[]): string =>
    values.length === 0 ? '-' : `${fixed(median(values), 0)} / ${fixed(quantile(values, 0.9), 0)}`;
  const med = (values: number[]): number | undefined => (values.length === 0 ? undefined : median(values));
  const rows: string[][] = CLIENT_KINDS.map((client) => [
    CLIENT_LABEL[client],
    cell(cmd('modulus', client)),
    cell(cmd('supervisord', client)),
    ratio(med(cmd('supervisord', client)), med(cmd('modulus', client))),
  ]);
  for (const client of CLIENT_KINDS) {
    const startup = (server: Kind): number[] => results.get(server)!.startups.get(client)!;
    rows.push([
      `${CLIENT_LABEL[client]}: \`--help\` only (start-up)`,
      cell(startup('modulus')),
      cell(startup('supervisord')),
      '-',
    ]);
  }
  const rpc = (server: Kind): number[] => results.get(server)!.rpc;
  rows.push([
    'in-process getAllProcessInfo (no client start-up)',
    `${fixed(median(rpc('modulus')), 1)} / ${fixed(quantile(rpc('modulus'), 0.9), 1)}`,
    `${fixed(median(rpc('supervisord')), 1)} / ${fixed(quantile(rpc('supervisord'), 0.9), 1)}`,
    ratio(med(rpc('supervisord')), med(rpc('modulus'))),
  ]);
  const pyOurs = med(cmd('modulus', 'python'));
  const pyTheirs = med(cmd('supervisord', 'python'));
  const ours = med(cmd('modulus', 'modulus'));
  return [
    {
      title: `supervisorctl status round trip with ${programs} programs`,
      what:
        `${programs} programs running \`/bin/sleep 3600\`; the API is served on \`[unix_http_server]\`. Each cell is the ` +
        `median / p90 wall time in ms of the whole \`supervisorctl -c FILE status\` command (process start-up, the ` +
        `XML-RPC call and the printed table, exit code 0 with ${programs} RUNNING lines checked) over ${runs} runs, ` +
        'both servers running at once and each run visiting every (server, client) pair in turn after one unmeasured ' +
        "warm-up round, so load drift hits all cells alike. The `--help` rows time each client's " +
        'start-up alone (no connection), interleaved with the status runs under the same load. The last row is one `getAllProcessInfo` ' +
        `call from a warm in-process client (${runs * 2} calls): the server's share. Speedup is the time against ` +
        'supervisord over the time against ours.',
      headers: ['client', `against ${LABEL.modulus}`, `against ${LABEL.supervisord}`, 'speedup'],
      rows,
      notes: [
        verdict(
          'the Python client against ours no slower than against supervisord',
          pyOurs === undefined || pyTheirs === undefined ? undefined : pyOurs <= pyTheirs,
          `${ms(pyOurs)} vs ${ms(pyTheirs)}`,
        ),
        verdict('our client against ours < 150 ms', ours === undefined ? undefined : ours < 150, ms(ours)),
        kept('status (our client, ours)', ours, KEEP.statusMs),
        ...[...results.values()].flatMap((s) => s.problems),
      ],
    },
  ];
}
