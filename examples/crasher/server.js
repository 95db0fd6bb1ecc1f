// An app that fails on request, for the crash, fatal and out-of-memory notifications:
// GET /crash exits with status 3, GET /oom allocates until the kernel kills it, GET / answers ok.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// A ceiling so /oom on a host without a memory limit stops short of taking the machine down.
const ceilingMb = Number(process.env.CRASHER_OOM_CEILING_MB ?? 4096);
const hoard = [];

const server = createServer((req, res) => {
  if (req.url === '/crash') {
    console.log('crasher: /crash requested, exiting with status 3');
    res.end('crashing\n', () => process.exit(3));
    return;
  }
  if (req.url === '/oom') {
    console.log('crasher: /oom requested, allocating until killed');
    res.end('allocating\n');
    // Touch every page (fill) so the memory is resident, not just reserved.
    const timer = setInterval(() => {
      for (let i = 0; i < 4; i++) hoard.push(Buffer.alloc(16 * 1024 * 1024, 1));
      if (hoard.length * 16 >= ceilingMb) {
        clearInterval(timer);
        console.log(`crasher: holding ${ceilingMb} MiB and still alive (no memory limit?)`);
      }
    }, 10);
    return;
  }
  res.end('ok\n');
});

server.listen(port, () => console.log(`crasher listening on port ${port} (pid ${process.pid})`));
