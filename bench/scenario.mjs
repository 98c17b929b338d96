#!/usr/bin/env node
// Benchmark driver: builds one scenario's lab in its own network namespace (loopback addresses, iptables),
// runs Gatehouse and nmap against the same targets in the same run, and prints both wall times, the ratio,
// whether each tool's open set equals the ground truth, and Gatehouse's peak RSS. Writes bench/out/NAME.json.
// Usage: node bench/scenario.mjs closed-host|firewalled-host|network [--runs N]
// Every packet stays inside the namespace this script creates.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const CLI = `${root}dist/cli/main.js`;
const name = process.argv[2];
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 1) || 1;
const ns = `gh-bench-${process.pid}`;


/** Scenario definitions: hosts, ports, ground truth, firewall rules, and how each tool is invoked. */
function scenario(n) {
  if (n === 'closed-host') {
    const open = { '127.0.1.1': [22, 80, 443, 8080, 31337] };
    return {
      title: 'Closed host: 5 open, all else RST, ports 1-65535', open, rules: [],
      gatehouse: ['127.0.1.1', '-p-'], nmap: ['-sT', '-T4', '-n', '-p-', '127.0.1.1'], goal: 1.0,
    };
  }
  if (n === 'firewalled-host') {
    const open = { '127.0.2.1': [22, 443, 8443] };
    return {
      title: 'Firewalled host: 3 open, all else DROP, ports 1-65535', open,
      rules: [['-A', 'INPUT', '-d', '127.0.2.1', '-p', 'tcp', '-m', 'multiport', '!', '--dports', '22,443,8443', '-j', 'DROP']],
      gatehouse: ['127.0.2.1', '-p-', '-Pn'], nmap: ['-sS', '-T4', '-n', '-Pn', '-p-', '127.0.2.1'], goal: 1 / 20,
    };
  }
  if (n === 'network') {
    // 64 hosts; odd-numbered ones firewalled (DROP all but their open ports); 160 open ports in all.
    const open = {};
    const rules = [];
    let k = 0;
    for (let h = 1; h <= 64; h++) {
      const count = h <= 32 ? 3 : 2; // 32×3 + 32×2 = 160
      const ports = [];
      for (let i = 0; i < count; i++) { ports.push(1 + ((h * 37 + i * 331 + k++ * 13) % 1000)); }
      const addr = `127.0.3.${h}`;
      open[addr] = [...new Set(ports)].sort((a, b) => a - b);
      if (h % 2 === 1) { rules.push(['-A', 'INPUT', '-d', addr, '-p', 'tcp', '-m', 'multiport', '!', '--dports', open[addr].join(','), '-j', 'DROP']); }
    }
    return {
      title: 'Network: 64 hosts × ports 1-1000, half firewalled (DROP), 160 open', open, rules,
      gatehouse: ['127.0.3.1-64', '-p', '1-1000', '-Pn'], nmap: ['-sT', '-T4', '-n', '-Pn', '-p1-1000', '127.0.3.1-64'], goal: 1 / 8,
    };
  }
  throw new Error(`unknown scenario "${n}" (closed-host, firewalled-host, network)`);
}

const sh = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28, ...opts });
const inNs = (cmd, args) => sh('ip', ['netns', 'exec', ns, cmd, ...args]);

function timed(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn('ip', ['netns', 'exec', ns, '/usr/bin/time', '-f', '%M', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0) { reject(new Error(`${cmd} exited ${code}: ${err.slice(-500)}`)); return; }
      const rssKb = Number(err.trim().split('\n').pop());
      resolve({ secs, out, rssKb });
    });
  });
}

function openSetFromGatehouse(json) {
  const doc = JSON.parse(json);
  const set = {};
  for (const h of doc.hosts) {
    const ports = h.ports.filter((p) => p.state === 'open').map((p) => p.port);
    if (ports.length) { set[h.address] = ports.sort((a, b) => a - b); }
  }
  return set;
}

function openSetFromNmapXml(xml) {
  const set = {};
  for (const host of xml.split('<host ').slice(1)) {
    const addr = /<address addr="([^"]+)"/.exec(host)?.[1];
    const ports = [...host.matchAll(/<port protocol="tcp" portid="(\d+)"><state state="open"/g)].map((m) => Number(m[1]));
    if (addr && ports.length) { set[addr] = ports.sort((a, b) => a - b); }
  }
  return set;
}

const canon = (set) => JSON.stringify(Object.keys(set).sort().map((k) => [k, set[k]]));

async function main() {
  const sc = scenario(name);
  sh('ip', ['netns', 'add', ns]);
  let listeners;
  try {
    inNs('ip', ['link', 'set', 'lo', 'up']);
    for (const r of sc.rules) { inNs('iptables', r); }
    const endpoints = Object.entries(sc.open).flatMap(([a, ps]) => ps.map((p) => `${a}:${p}`));
    listeners = spawn('ip', ['netns', 'exec', ns, process.execPath, `${root}lab/listeners.mjs`, endpoints.join(',')], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      listeners.stdout.on('data', (d) => { if (String(d).includes('ready')) { resolve(); } });
      listeners.once('exit', (c) => reject(new Error(`listeners exited ${c}`)));
    });

    const rows = [];
    for (let i = 0; i < runs; i++) {
      const xmlFile = `/tmp/gh-bench-nmap-${process.pid}.xml`;
      const nm = await timed('nmap', [...sc.nmap, '-oX', xmlFile]);
      const gh = await timed(process.execPath, [CLI, 'scan', ...sc.gatehouse, '--json', '--quiet']);
      const ghSet = openSetFromGatehouse(gh.out);
      const nmSet = openSetFromNmapXml(readFileSync(xmlFile, 'utf8'));
      rows.push({ gatehouseSecs: gh.secs, nmapSecs: nm.secs, ratio: gh.secs / nm.secs, gatehouseRssMb: gh.rssKb / 1024,
        gatehouseMatchesTruth: canon(ghSet) === canon(sc.open), nmapMatchesTruth: canon(nmSet) === canon(sc.open) });
    }
    const best = rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    const summary = { scenario: name, title: sc.title, goalRatio: sc.goal, runs: rows, medianRatio: rows.map((r) => r.ratio).sort((a, b) => a - b)[Math.floor(rows.length / 2)] };
    mkdirSync(`${root}bench/out`, { recursive: true });
    writeFileSync(`${root}bench/out/${name}.json`, JSON.stringify(summary, null, 2) + '\n');
    console.log(`${sc.title}`);
    for (const r of rows) {
      console.log(`  gatehouse ${r.gatehouseSecs.toFixed(2)} s  nmap ${r.nmapSecs.toFixed(2)} s  ratio ${r.ratio.toFixed(3)} (goal ≤ ${sc.goal.toFixed(3)})  ` +
        `open sets = truth: gatehouse ${r.gatehouseMatchesTruth ? 'yes' : 'NO'}, nmap ${r.nmapMatchesTruth ? 'yes' : 'NO'}  peak RSS ${r.gatehouseRssMb.toFixed(0)} MB`);
    }
    console.log(`  median ratio ${summary.medianRatio.toFixed(3)}; best ${best.ratio.toFixed(3)}`);
    if (rows.some((r) => !r.gatehouseMatchesTruth)) { process.exitCode = 1; }
  } finally {
    listeners?.kill('SIGTERM');
    try { for (const pid of sh('ip', ['netns', 'pids', ns]).split(/\s+/).filter(Boolean)) { process.kill(Number(pid), 'SIGKILL'); } } finally { sh('ip', ['netns', 'del', ns]); }
  }
}

main().catch((err) => { console.error(`bench: ${err.message}`); process.exitCode = 2; });
