// The streaming GET behind `tail -f`, `maintail -f` and `fg`. It says `Connection: keep-alive`
// because supervisord's medusa server holds back a chunked logtail response from a client that
// asks to close the connection (measured: no bytes at all with `Connection: close`).
import { request, type IncomingMessage } from 'node:http';
import { basicAuthHeader } from '../rpc/basic-auth.js';
import { parseServerUrl, RpcHttpError } from '../rpc/client.js';
import { ModulusError } from '../errors/modulus-error.js';
import type { CtlOptions } from './controller.js';

/** Opens `path` on the server; resolves on a 200, rejects with RpcHttpError or RPC_UNREACHABLE. */
export function openLogStream(
  options: CtlOptions,
  path: string,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const address = parseServerUrl(options.serverurl);
  const headers: Record<string, string> = { Connection: 'keep-alive', 'User-Agent': 'modulus-supervisorctl' };
  if (options.username !== null && options.password !== null)
    headers.Authorization = basicAuthHeader(options.username, options.password);
  const target =
    address.kind === 'unix'
      ? { socketPath: address.path, headers: { ...headers, Host: 'localhost' } }
      : { host: address.host, port: address.port, headers };
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path, method: 'GET', agent: false, signal }, (res) => {
      if (res.statusCode === 200) return resolve(res);
      res.resume();
      reject(
        new RpcHttpError(res.statusCode ?? 0, `${path}: HTTP ${res.statusCode} ${res.statusMessage ?? ''}`),
      );
    });
    req.on('error', (cause) =>
      reject(new ModulusError('RPC_UNREACHABLE', `cannot open ${path}: ${cause.message}`, { cause })),
    );
    req.end();
  });
}

/** Copies a log stream to `write` until it ends or `signal` aborts; never rejects on abort. */
export async function pump(
  res: IncomingMessage,
  write: (chunk: Uint8Array) => void,
  signal: AbortSignal,
): Promise<void> {
  try {
    for await (const chunk of res) write(chunk as Buffer);
  } catch (err) {
    if (!signal.aborted) throw err;
  }
}
