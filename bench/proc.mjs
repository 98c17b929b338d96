// Shared by the bench scripts: a free loopback port, and the CPU a process has used (from /proc).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A free loopback TCP port (bound, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** CPU seconds (user + system) process `pid` has used so far (clock ticks of 10 ms); 0 once it has gone. */
export function cpuSeconds(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / 100;
  } catch (err) {
    if (err.code === 'ENOENT' || err.code === 'ESRCH') { return 0; }
    throw err;
  }
}
