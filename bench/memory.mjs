#!/usr/bin/env node
// Memory benchmark (issue 16 item 3): peak RSS of `gatehouse scan -Pn -p 80` over a large loopback range in which
// every address answers (127.0.0.0/8 answers a SYN to a closed port with RST: each host is "up"), in each output
// mode. RSS is sampled from /proc/PID/status every 250 ms; a flat line (RSS at 25/50/75/100 % of the run about
// equal) means memory does not grow with the hosts scanned. With --compare FILE (another build's dist/cli/main.js,
// e.g. before the fix) the same scans run with it, printed next to ours.
// Usage: node bench/memory.mjs [--range 127.16.0.0/14] [--modes plain,json,ndjson,xml,store] [--compare FILE]
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setInterval, clearInterval } from 'node:timers';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const range = opt('--range', '127.16.0.0/14');
if (!/^127\./.test(range)) { console.error('memory.mjs: the range must be loopback (127.0.0.0/8)'); process.exit(2); }
const modes = opt('--modes', 'plain,json,ndjson,xml,store').split(',');
const compare = opt('--compare', undefined);
const OURS = new URL('../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'gh-membench-'));

function modeArgs(mode) {
  switch (mode) {
    case 'plain': return ['--no-store'];
    case 'json': return ['--no-store', '--json'];
    case 'ndjson': return ['--no-store', '--ndjson'];
    case 'xml': return ['--no-store', '-oX', '/dev/null'];
    case 'store': return ['--db', join(dir, `h-${Date.now()}.db`)]; // plain output + the SQLite history
    default: throw new Error(`unknown mode ${mode}`);
  }
}

function rssKb(pid) {
  try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0); } catch (err) { if (err.code === 'ENOENT' || err.code === 'ESRCH') { return 0; } throw err; }
}

function run(cli, mode) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const p = spawn(process.execPath, [cli, 'scan', range, '-Pn', '-p', '80', '--no-service-detection', '-q', ...modeArgs(mode)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d) => { stderr += d; });
    const samples = [];
    const timer = setInterval(() => { const kb = rssKb(p.pid); if (kb > 0) { samples.push(kb); } }, 250);
    p.on('close', (code) => {
      clearInterval(timer);
      const at = (f) => samples[Math.min(samples.length - 1, Math.max(0, Math.floor(f * samples.length) - 1))] ?? 0;
      resolve({ code, secs: (Date.now() - t0) / 1000, peak: Math.max(0, ...samples), q: [at(0.25), at(0.5), at(0.75), at(1)], stderr: stderr.trim().split('\n')[0] ?? '' });
    });
  });
}

const mb = (kb) => `${(kb / 1024).toFixed(0)}`.padStart(5);
console.log(`gatehouse scan ${range} -Pn -p 80 --no-service-detection: RSS in MB (at 25/50/75/100 % of the run, and peak)`);
console.log(`${'mode'.padEnd(8)} ${'build'.padEnd(8)} ${'secs'.padStart(6)}   25%   50%   75%  100%  peak`);
try {
  for (const mode of modes) {
    for (const [label, cli] of [['ours', OURS], ...(compare ? [['compare', compare]] : [])]) {
      const r = await run(cli, mode);
      console.log(`${mode.padEnd(8)} ${label.padEnd(8)} ${r.secs.toFixed(1).padStart(6)} ${r.q.map(mb).join(' ')} ${mb(r.peak)}${r.code !== 0 ? `  (exit ${r.code}: ${r.stderr})` : ''}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
