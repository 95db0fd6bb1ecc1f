// Runs `modulus dashboard --no-open` in a workspace and reads the URL it prints; requests through
// its proxy carry the cookie the key turns into.
import { spawn } from 'node:child_process';
import type { TestContext } from 'node:test';
import { MODULUS_BIN, scrubbedEnv } from '../../helpers/run-cli.js';
import { waitFor } from '../../helpers/wait-for.js';
import { request, type Reply } from './web-harness.js';

export interface RunningDashboard {
  readonly url: URL;
  readonly port: number;
  /** The cookie header the key buys, for requests made outside a browser. */
  readonly cookie: string;
  get(path: string, headers?: Record<string, string>): Promise<Reply>;
}

export async function startDashboardCommand(
  t: Pick<TestContext, 'after'>,
  cwd: string,
  args: readonly string[] = [],
): Promise<RunningDashboard> {
  const child = spawn(process.execPath, [MODULUS_BIN, 'dashboard', '--no-open', ...args], {
    cwd,
    env: scrubbedEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  t.after(async () => {
    child.kill('SIGINT');
    await exited;
  });
  const match = await waitFor(`the URL from modulus dashboard:\n${output}`, () =>
    /(http:\/\/127\.0\.0\.1:(\d+)\/\?key=\S+)/.exec(output),
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n${output}`);
  });
  const url = new URL(match[1]!);
  const port = Number(match[2]);
  const opened = await request({ port }, `${url.pathname}${url.search}`);
  const cookie = (opened.headers['set-cookie'] ?? [])[0]?.split(';', 1)[0] ?? '';
  return {
    url,
    port,
    cookie,
    get: (path, headers = {}) => request({ port }, path, { headers: { Cookie: cookie, ...headers } }),
  };
}
