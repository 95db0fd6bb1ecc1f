// The quick-start app: a plain HTTP server that answers with a greeting from its environment
// and logs one line per request to stdout (which the supervisor writes to app.log).
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);
const greeting = process.env.GREETING ?? 'Hello';

const server = createServer((req, res) => {
  console.log(`${req.method} ${req.url}`);
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${greeting} (pid ${process.pid})\n`);
});

server.listen(port, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${port}`));

// Stop gracefully: finish open requests, then exit 0 (the supervisor sends SIGTERM).
process.on('SIGTERM', () => {
  console.log('SIGTERM received, closing');
  server.close(() => process.exit(0));
});
