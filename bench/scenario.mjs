#!/usr/bin/env node
// Benchmark driver: builds one scenario's lab in its own network namespace (loopback addresses, iptables),
// runs Gatehouse and nmap against the same targets in the same run, and prints both wall times, the ratio,
// whether each tool's open set equals the ground truth, and Gatehouse's peak RSS. Writes bench/out/NAME.json
// and the ground truth to bench/out/NAME.truth.json.
// Usage: node bench/scenario.mjs closed-host|firewalled-host|network [--runs N] [--nmap-only]
// Namespace: $GH_NETNS, else gh-bench-PID. Each row also gives both tools' CPU time (user+sys, less load-sensitive
// than wall time) and the 1-minute load. Every packet stays inside the namespace this script creates.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const root = new URL('..', import.meta.url).pathname;
const CLI = process.env.GH_BENCH_CLI || `${root}dist/cli/main.js`; // GH_BENCH_CLI: compare another build (its own dist/cli/main.js)
const NETNS = `${root}lab/netns.sh`;
const OUT = `${root}bench/out`;
const argv = process.argv.slice(2);
const name = argv[0];
const runs = Math.max(1, Number(argv[argv.indexOf('--runs') + 1]) || 1);
const nmapOnly = argv.includes('--nmap-only') || !existsSync(CLI);
const ns = process.env.GH_NETNS || `gh-bench-${process.pid}`;
const env = { ...process.env, GH_NETNS: ns };

/** Scenario definitions: ground truth (open ports per host), firewall rules, and how each tool is invoked. */
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
    // 64 hosts; odd-numbered ones firewalled (DROP all TCP but their open ports); hosts 1-32 get 3 open ports,
    // 33-64 get 2: 160 in all, chosen by a fixed formula (no duplicates; checked below).
    const open = {};
    const rules = [];
    let k = 0;
    for (let h = 1; h <= 64; h++) {
      const count = h <= 32 ? 3 : 2;
      const ports = [];
      for (let i = 0; i < count; i++) { ports.push(1 + ((h * 37 + i * 331 + k++ * 13) % 1000)); }
      const addr = `127.0.3.${h}`;
      open[addr] = [...new Set(ports)].sort((a, b) => a - b);
      if (h % 2 === 1) { rules.push(['-A', 'INPUT', '-d', addr, '-p', 'tcp', '-m', 'multiport', '!', '--dports', open[addr].join(','), '-j', 'DROP']); }
    }
    const total = Object.values(open).reduce((a, p) => a + p.length, 0);
    if (total !== 160) { throw new Error(`network ground truth has ${total} open ports, want 160`); }
    return {
      title: 'Network: 64 hosts × ports 1-1000, half firewalled (DROP), 160 open', open, rules,
      gatehouse: ['127.0.3.1-64', '-p', '1-1000', '-Pn'], nmap: ['-sT', '-T4', '-n', '-Pn', '-p1-1000', '127.0.3.1-64'], goal: 1 / 8,
    };
  }
  throw new Error(`unknown scenario "${n}" (closed-host, firewalled-host, network)`);
}

const sh = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
const lab = (...args) => sh('bash', [NETNS, ...args]);

/** Runs CMD inside the namespace under /usr/bin/time; resolves with wall seconds, stdout, peak RSS (kB) and CPU seconds (user+sys). */
function timed(cmd, args) {
  const rssFile = `/tmp/gh-bench-rss-${process.pid}`;
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const p = spawn('ip', ['netns', 'exec', ns, '/usr/bin/time', '-o', rssFile, '-f', '%M %U %S', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      const [rssKb, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      rmSync(rssFile, { force: true });
      if (code !== 0) { reject(new Error(`${cmd} exited ${code}: ${err.slice(-500)}`)); return; }
      resolve({ secs, out, rssKb, cpuSecs: user + sys });
    });
  });
}

/** Open ports per host from Gatehouse's --json document. */
function openSetFromGatehouse(json) {
  const set = {};
  for (const h of JSON.parse(json).hosts) {
    const ports = h.ports.filter((p) => p.state === 'open').map((p) => p.port);
    if (ports.length) { set[h.address] = ports.sort((a, b) => a - b); }
  }
  return set;
}

/** Open ports per host from nmap's -oX file. */
function openSetFromNmapXml(xml) {
  const set = {};
  for (const host of xml.split('<host ').slice(1)) {
    const addr = /<address addr="([^"]+)"/.exec(host)?.[1];
    const ports = [...host.matchAll(/<port protocol="tcp" portid="(\d+)"><state state="open"/g)].map((m) => Number(m[1]));
    if (addr && ports.length) { set[addr] = ports.sort((a, b) => a - b); }
  }
  return set;
}

/** Differences from the truth as "missing a:p" / "extra a:p" strings (empty when identical). */
function diff(got, truth) {
  const flat = (s) => new Set(Object.entries(s).flatMap(([a, ps]) => ps.map((p) => `${a}:${p}`)));
  const g = flat(got);
  const t = flat(truth);
  return [...[...t].filter((x) => !g.has(x)).map((x) => `missing ${x}`), ...[...g].filter((x) => !t.has(x)).map((x) => `extra ${x}`)];
}

let listeners;
function teardown() {
  listeners?.kill('SIGTERM');
  try { lab('down'); } catch (err) { console.error(`bench: teardown of ${ns} failed: ${err.message}`); }
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) { process.on(sig, () => { teardown(); process.exit(130); }); }

async function main() {
  const sc = scenario(name);
  mkdirSync(OUT, { recursive: true });
  const truthFile = `${OUT}/${name}.truth.json`;
  writeFileSync(truthFile, JSON.stringify({ scenario: name, open: sc.open }, null, 2) + '\n');
  lab('tools');
  lab('up');
  try {
    for (const r of sc.rules) { lab('iptables', ...r); }
    listeners = spawn('ip', ['netns', 'exec', ns, process.execPath, `${root}lab/listeners.mjs`, '--file', truthFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve, reject) => {
      listeners.stdout.on('data', (d) => { if (String(d).includes('ready')) { resolve(); } });
      listeners.once('exit', (c) => reject(new Error(`listeners exited ${c}`)));
    });

    const xmlFile = `/tmp/gh-bench-nmap-${process.pid}.xml`;
    const nmapArgs = [...sc.nmap, '-oX', xmlFile];
    const ghArgs = [CLI, 'scan', ...sc.gatehouse, '--json', '--quiet', '--no-service-detection', '--no-store'];
    const rows = [];
    console.log(sc.title);
    for (let i = 0; i < runs; i++) {
      const nm = await timed('nmap', nmapArgs);
      const nmDiff = diff(openSetFromNmapXml(readFileSync(xmlFile, 'utf8')), sc.open);
      rmSync(xmlFile, { force: true });
      const row = { load: os.loadavg()[0], nmapSecs: nm.secs, nmapCpuSecs: nm.cpuSecs, nmapMatchesTruth: nmDiff.length === 0, nmapDiff: nmDiff.slice(0, 20) };
      if (!nmapOnly) {
        const gh = await timed(process.execPath, ghArgs);
        const ghDiff = diff(openSetFromGatehouse(gh.out), sc.open);
        Object.assign(row, { gatehouseSecs: gh.secs, ratio: gh.secs / nm.secs, gatehouseCpuSecs: gh.cpuSecs, cpuRatio: gh.cpuSecs / nm.cpuSecs, gatehouseRssMb: gh.rssKb / 1024,
          gatehouseMatchesTruth: ghDiff.length === 0, gatehouseDiff: ghDiff.slice(0, 20) });
      }
      rows.push(row);
      printRow(sc, row);
    }
    const ratios = rows.map((r) => r.ratio).filter((r) => r !== undefined).sort((a, b) => a - b);
    const summary = {
      scenario: name, title: sc.title, goalRatio: sc.goal, date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, nmap: /Nmap version (\S+)/.exec(sh('nmap', ['--version']))?.[1], connector: connectorKind() },
      commands: { gatehouse: `node ${CLI.replace(root, '')} scan ${ghArgs.slice(2).join(' ')}`, nmap: `nmap ${sc.nmap.join(' ')} -oX FILE` },
      truth: `bench/out/${name}.truth.json`, runs: rows,
      medianRatio: ratios.length ? ratios[Math.floor(ratios.length / 2)] : null,
      medianNmapSecs: rows.map((r) => r.nmapSecs).sort((a, b) => a - b)[Math.floor(rows.length / 2)],
    };
    writeFileSync(`${OUT}/${name}.json`, JSON.stringify(summary, null, 2) + '\n');
    if (summary.medianRatio !== null) {
      console.log(`  connector: ${summary.machine.connector}`);
      const ok = summary.medianRatio <= sc.goal;
      const met = ratios.filter((r) => r <= sc.goal).length;
      const cpu = rows.map((r) => r.cpuRatio).sort((a, b) => a - b);
      console.log(`  ratio min ${ratios[0].toFixed(3)} median ${summary.medianRatio.toFixed(3)} max ${ratios.at(-1).toFixed(3)} ` +
        `(goal ≤ ${sc.goal.toFixed(3)}: median ${ok ? 'met' : 'NOT met'}, ${met}/${ratios.length} runs met)  ` +
        `cpu ratio min ${cpu[0].toFixed(2)} median ${cpu[Math.floor(cpu.length / 2)].toFixed(2)} max ${cpu.at(-1).toFixed(2)}`);
    } else {
      console.log(`  gatehouse not run (${existsSync(CLI) ? '--nmap-only' : 'dist/cli/main.js missing: npm run build'})`);
    }
    if (rows.some((r) => r.gatehouseMatchesTruth === false)) { process.exitCode = 1; }
  } finally {
    teardown();
  }
}

/** The TCP connector the scan uses (net/tcp-connector.ts): the native addon when built, unless GATEHOUSE_CONNECTOR says otherwise. */
function connectorKind() {
  const forced = process.env.GATEHOUSE_CONNECTOR;
  if (forced === 'net' || forced === 'tcp_wrap') { return forced; }
  return existsSync(new URL('../dist/native/gatehouse-connect.node', import.meta.url)) ? 'native' : 'tcp_wrap';
}

function printRow(sc, r) {
  const yn = (b) => (b ? 'yes' : 'NO');
  const nm = `nmap ${r.nmapSecs.toFixed(2)} s (cpu ${r.nmapCpuSecs.toFixed(2)} s)`;
  if (r.gatehouseSecs === undefined) { console.log(`  ${nm}  load ${r.load.toFixed(1)}  open set = truth: nmap ${yn(r.nmapMatchesTruth)}`); } else {
    console.log(`  gatehouse ${r.gatehouseSecs.toFixed(2)} s (cpu ${r.gatehouseCpuSecs.toFixed(2)} s)  ${nm}  ratio ${r.ratio.toFixed(3)} (goal ≤ ${sc.goal.toFixed(3)})  ` +
      `cpu ratio ${r.cpuRatio.toFixed(2)}  load ${r.load.toFixed(1)}  ` +
      `open sets = truth: gatehouse ${yn(r.gatehouseMatchesTruth)}, nmap ${yn(r.nmapMatchesTruth)}  peak RSS ${r.gatehouseRssMb.toFixed(0)} MB`);
  }
  for (const d of r.gatehouseDiff ?? []) { console.log(`    gatehouse ${d}`); }
  for (const d of r.nmapDiff) { console.log(`    nmap ${d}`); }
}
main().catch((err) => { console.error(`bench: ${err.message}`); process.exitCode = 2; });
