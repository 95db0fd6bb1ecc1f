// Two questions about a TCP port on this host: is it free before the app starts (so a stale
// server is not mistaken for the app), and does anything answer on it yet.
import { connect, createServer } from 'node:net';

/** Whether a listener could bind the port on every address (what an app binding :: or 0.0.0.0 needs). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Whether something accepts a connection on 127.0.0.1:port within timeoutMs. */
export function portAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
