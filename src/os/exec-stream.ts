// A child process as one byte stream (its stdin and stdout), for tunnels such as `docker exec -i …`
// that carry a connection: destroying the stream ends the child, the child's exit ends the stream.
import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';

export function execStream(file: string, args: readonly string[]): Duplex {
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  child.once('error', (err) => stream.destroy(err));
  stream.once('close', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  return stream;
}
