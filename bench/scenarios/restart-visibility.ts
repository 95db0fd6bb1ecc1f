// Control-plane scenario: SIGKILL a program with autorestart=true and measure how soon a client polling
// getProcessInfo over XML-RPC every 10 ms sees it RUNNING again under a new pid.
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
import { asStruct, controlSections, rpcClient, waitAllRunning } from '../control.js';
import type { RpcClient } from '../../src/rpc/client.js';
import { fixed, ms, ratio, verdict, type Section } from '../report.js';

export interface RestartVisibilityOptions {
  kills: number;
}

interface KindResult {
  /** ms from the SIGKILL to the first poll answer showing a new pid in RUNNING. */
  visible: number[];
  polls: number[];
  problems: string[];
}

const POLL_MS = 10;

const CONFIG = `
[program:victim]
command=/bin/sleep 3600
autorestart=true
startsecs=0
startretries=1000
`;

async function runningPid(client: RpcClient): Promise<number | undefined> {
  const info = asStruct(await client.call('supervisor.getProcessInfo', ['victim']));
  return info.statename === 'RUNNING' && typeof info.pid === 'number' && info.pid > 0 ? info.pid : undefined;
}

/** Polls every POLL_MS (after each answer) until a RUNNING pid other than `old`; [ms since `since`, polls]. */
async function pollForNewPid(
  client: RpcClient,
  old: number,
  since: number,
  timeoutMs: number,
): Promise<[number, number] | undefined> {
  for (let polls = 1; nowMs() - since < timeoutMs; polls++) {
    const pid = await runningPid(client);
    if (pid !== undefined && pid !== old) return [nowMs() - since, polls];
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return undefined;
}

async function measure(kind: Kind, kills: number): Promise<KindResult> {
  const dir = makeTempDir('visibility');
  const supervisor = Supervisor.start(kind, dir, controlSections(dir) + CONFIG);
  const client = rpcClient(dir);
  const result: KindResult = { visible: [], polls: [], problems: [] };
  // supervisord notices an exit and respawns on its 1-second mainloop tick; allow a few
  const timeoutMs = kind === 'modulus' ? 5000 : 10_000;
  try {
    if (!(await waitAllRunning(supervisor, client, 1, 30_000))) {
      result.problems.push(`${kind}: the program was not RUNNING over XML-RPC within 30 s`);
      return result;
    }
    for (let kill = 0; kill < kills; kill++) {
      const pid = await runningPid(client);
      if (pid === undefined) {
        result.problems.push(`${kind}: no RUNNING pid before kill ${kill + 1}`);
        break;
      }
      const killedAt = nowMs();
      process.kill(pid, 'SIGKILL');
      const seen = await pollForNewPid(client, pid, killedAt, timeoutMs);
      if (!seen) {
        result.problems.push(`${kind}: kill ${kill + 1} not seen restarted within ${ms(timeoutMs)}`);
        break;
      }
      result.visible.push(seen[0]);
      result.polls.push(seen[1]);
      // let the new process settle, and desynchronise the kills from supervisord's tick
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    }
    return result;
  } finally {
    client.close();
    await supervisor.shutdown();
    removeTempDir(dir);
  }
}

export async function restartVisibility({ kills }: RestartVisibilityOptions): Promise<Section[]> {
  const results = new Map<Kind, KindResult>();
  for (const kind of KINDS) {
    const result = await measure(kind, kills);
    results.set(kind, result);
    process.stderr.write(
      `  visibility ${kind}: median ${fixed(median(result.visible), 1)} ms over ${result.visible.length}\n`,
    );
  }
  const med = (kind: Kind): number | undefined => {
    const v = results.get(kind)!.visible;
    return v.length === 0 ? undefined : median(v);
  };
  const rows = KINDS.map((kind) => {
    const { visible, polls } = results.get(kind)!;
    const none = visible.length === 0;
    return [
      LABEL[kind],
      String(visible.length),
      none ? '-' : fixed(median(visible), 1),
      none ? '-' : fixed(quantile(visible, 0.9), 1),
      none ? '-' : fixed(Math.min(...visible), 1),
      none ? '-' : fixed(Math.max(...visible), 1),
      none ? '-' : fixed(median(polls), 0),
      ratio(med('supervisord'), med(kind)),
    ];
  });
  const ours = med('modulus');
  return [
    {
      title: 'A killed program, as a polling client sees it',
      what:
        '`[program:victim]` runs `/bin/sleep 3600` with `autorestart=true`, `startsecs=0`. A client calls ' +
        `\`supervisor.getProcessInfo('victim')\` over XML-RPC on the unix socket every ${POLL_MS} ms (after each ` +
        "answer); the bench SIGKILLs the program's pid and times until an answer shows `RUNNING` with a new pid. " +
        `${kills} kills, 200-500 ms apart. Speedup is supervisord's median over ours.`,
      headers: [
        'supervisor',
        'kills',
        'median ms',
        'p90 ms',
        'min ms',
        'max ms',
        'polls (median)',
        'speedup',
      ],
      rows,
      notes: [
        verdict('ours seen restarted < 100 ms', ours === undefined ? undefined : ours < 100, ms(ours)),
        ...[...results.values()].flatMap((r) => r.problems),
      ],
    },
  ];
}
