// An Express app with a pinned Node.js line (engines 20.x) and a lockfile: what a typical
// customer app looks like. Answers JSON on $PORT and logs each request to stdout.
import express from 'express';

const port = Number(process.env.PORT ?? 8080);
const app = express();

app.use((req, _res, next) => {
  console.log(`${req.method} ${req.url}`);
  next();
});

app.get('/', (_req, res) => {
  res.json({ app: 'express-app', node: process.version, pid: process.pid });
});

const server = app.listen(port, () => console.log(`express-app listening on port ${port}`));

process.on('SIGTERM', () => {
  console.log('SIGTERM received, closing');
  server.close(() => process.exit(0));
});
