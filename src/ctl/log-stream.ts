// Copies the streaming GET behind `tail -f`, `maintail -f` and `fg` (opened with RpcClient.get)
// to the terminal.
import type { IncomingMessage } from 'node:http';

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
