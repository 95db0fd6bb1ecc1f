// Debian's Prometheus scrapes /metrics (with Basic auth, as the control server asks) and answers
// node_supervisord_up and our per-process memory through its HTTP API: the text format, names and
// labels are what a real Prometheus accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../helpers/free-port.js';
import { requirePaths } from '../../helpers/require-tool.js';
import { tempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startDashboard } from './web-harness.js';

const PROMETHEUS = '/usr/bin/prometheus';

interface QueryResult {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

test('a real Prometheus scrapes /metrics and answers queries on it', async (t) => {
  if (!requirePaths(t, [PROMETHEUS], 'apt-get install prometheus')) return;
  const d = await startDashboard(t, { auth: 'username=scraper\npassword=p4ss' });
  const dir = tempDir(t, 'modulus-prometheus-');
  const webPort = await freePort();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: modulus
    basic_auth: { username: scraper, password: p4ss }
    static_configs:
      - targets: ['127.0.0.1:${d.port}']
`,
  );
  const prometheus = spawn(
    PROMETHEUS,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${webPort}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  prometheus.stderr!.setEncoding('utf8').on('data', (s: string) => (log += s.slice(0, 100_000)));
  const exited = new Promise((resolve) => prometheus.once('exit', resolve));
  t.after(async () => {
    prometheus.kill('SIGTERM');
    await exited;
  });

  const query = async (q: string): Promise<QueryResult['data']['result']> => {
    const res = await fetch(`http://127.0.0.1:${webPort}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await res.json()) as QueryResult;
    assert.equal(body.status, 'success');
    return body.data.result;
  };
  const first = async (q: string): Promise<string | false> => (await query(q))[0]?.value[1] ?? false;

  await waitFor('a successful scrape', async () => (await first('up{job="modulus"}')) === '1', {
    timeoutMs: 30_000,
    intervalMs: 250,
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n--- prometheus ---\n${log.slice(-3000)}`);
  });

  assert.equal(await first('node_supervisord_up{name="web",group="web"}'), '1');
  assert.equal(await first('node_supervisord_up{name="idle",group="idle"}'), '0');
  assert.equal(await first('node_supervisord_state{name="idle"}'), '0');
  const rss = Number(await first('modulus_process_resident_memory_bytes{name="web"}'));
  assert.ok(rss > 100_000, `web's resident memory: ${rss}`);
  assert.ok(Number(await first('process_resident_memory_bytes{job="modulus"}')) > 10_000_000);
  // Scrapes are one second apart: the start time is a whole number of seconds in the past.
  const started = Number(await first('node_supervisord_start_time_seconds{name="web"}'));
  assert.ok(started > Date.now() / 1000 - 120 && started <= Date.now() / 1000, String(started));
});
