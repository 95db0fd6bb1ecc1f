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

async function measure(kind: Kind, programs: number, runs: number): Promise<Samples> {
  const dir = makeTempDir('status');
  const supervisor = Supervisor.start(kind, dir, controlSections(dir) + sleepers(programs));
  const client = rpcClient(dir);
  const samples: Samples = {
    commands: new Map(CLIENT_KINDS.map((c) => [c, []])),
    startups: new Map(CLIENT_KINDS.map((c) => [c, []])),
    rpc: [],
    problems: [],
  };
  try {
    const deadline = kind === 'modulus' ? 30_000 : 30_000 + programs * 200;
    if (!(await waitAllRunning(supervisor, client, programs, deadline))) {
      samples.problems.push(`${kind}: not all ${programs} RUNNING over XML-RPC within ${ms(deadline)}`);
      return samples;
    }
    // one unmeasured run per client warms the page cache; then the clients alternate so drift hits both
    for (let run = -1; run < runs; run++) {
      for (const clientKind of CLIENT_KINDS) {
        const [cmd, args] = statusCommand(clientKind, dir);
        const result = await timeCommand(cmd, args, dir);
        const lines = result.stdout.split('\n').filter((l) => /\bRUNNING\b/.test(l)).length;
        if (result.exitCode !== 0 || lines !== programs) {
          samples.problems.push(
            `${clientKind} client against ${kind}: exit ${result.exitCode}, ${lines} RUNNING lines of ${programs}`,
          );
          continue;
        }
        if (run >= 0) samples.commands.get(clientKind)!.push(result.wallMs);
        const [helpCmd, helpArgs] = statusCommand(clientKind, dir, true);
        const help = await timeCommand(helpCmd, helpArgs, dir);
        if (run >= 0 && help.exitCode === 0) samples.startups.get(clientKind)!.push(help.wallMs);
      }
    }
    for (let run = -1; run < runs * 2; run++) {
      const startedAt = nowMs();
      await client.call('supervisor.getAllProcessInfo');
      if (run >= 0) samples.rpc.push(nowMs() - startedAt);
    }
    return samples;
  } finally {
    client.close();
    await supervisor.shutdown();
    removeTempDir(dir);
  }
}

export async function statusRoundTrip({ programs, runs }: StatusRoundTripOptions): Promise<Section[]> {
  const results = new Map<Kind, Samples>();
  for (const kind of KINDS) {
    const samples = await measure(kind, programs, runs);
    results.set(kind, samples);
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
        "the two clients alternating after one unmeasured warm-up run each. The `--help` rows time each client's " +
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
        ...[...results.values()].flatMap((s) => s.problems),
      ],
    },
  ];
}
