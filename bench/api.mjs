#!/usr/bin/env node
/* global fetch */
// API latency benchmark: seeds one organisation with 10,000 hosts, 100,000 findings and 30 past runs (SQLite temp
// file and a PostgreSQL database this script creates and drops), starts `gatehouse serve` in a process of its own
// on a free loopback port (so the load generator never shares the server's one thread), and measures with autocannon on loopback: the organisation summary, the first findings page, a
// findings page deep in the cursor and a filtered one; the dashboard's portfolio, hosts pages (plain, filtered by OS and port, by
// substring) and change timeline; the latest run's grade, plan and explanation (first read and warm). The floor beside them is GET /api/v1/health on the same
// server (routing, hooks and JSON, no store). Usage: node bench/api.mjs [--store sqlite|postgres|both] [--seconds N] [--connections N]
// The diff of the last two runs (two stored 10,000-host scans, a few dozen ports and findings apart) is timed too.
// Beside each latency: the server process's CPU per request (/proc; less load-sensitive than wall time).
// Needs dist/ (npm run build). Prints a table; no timed assertion.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { sql } from 'kysely';
import { cpuSeconds, freePort } from './proc.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
const stores = arg('--store', 'both') === 'both' ? ['sqlite', 'postgres'] : [arg('--store')];
const seconds = Number(arg('--seconds', '5'));
const connections = Number(arg('--connections', '10'));
const HOSTS = 10_000, FINDINGS = 100_000, RUNS = 30;
const PG_ADMIN = process.env.GATEHOUSE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const dist = new URL('../dist/', import.meta.url);
const { openMonitor } = await import(new URL('monitor/context.js', dist).href);
const { SYSTEM_PRINCIPAL } = await import(new URL('monitor/principal.js', dist).href);
const { createOrganization } = await import(new URL('monitor/repo/organizations.js', dist).href);
const { AuthRepo } = await import(new URL('server/auth/repo.js', dist).href);
const CLI = new URL('cli/main.js', dist).pathname;

/** `gatehouse serve` in a process of its own, so autocannon's client work never shares the server's thread. */
async function startServer(db) {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'serve', '--listen', `127.0.0.1:${port}`, '--db', db, '--log-level', 'warn'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try { if ((await fetch(`${url}/api/v1/health`)).ok) { break; } } catch { /* not listening yet */ }
    if (child.exitCode !== null || i > 300) { child.kill('SIGKILL'); throw new Error(`gatehouse serve did not start: ${stderr.trim()}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid, close: async () => { child.kill('SIGTERM'); await exited; } };
}

const SEV = ['critical', 'high', 'medium', 'low', 'info'];
const IDS = ['redis-no-auth', 'telnet-open', 'ftp-anonymous', 'ssh-weak-kex', 'tls-expired', 'http-server-banner', 'smb-v1', 'mysql-exposed', 'snmp-public', 'rdp-exposed'];
const addr = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function insertChunks(db, table, rows, size = 500) {
  for (let i = 0; i < rows.length; i += size) { await db.insertInto(table).values(rows.slice(i, i + size)).execute(); }
}

/** A stored scan's meta as `gatehouse scan` writes it (the grade, plan and explain routes read the scan document). */
const metaOf = (at) => JSON.stringify({ started: at, finished: at, targets: ['10.0.0.0/18'], ports: 'top-1000' });

async function seed(url) {
  const m = await openMonitor(url);
  const t0 = Date.now();
  const org = await createOrganization(m, SYSTEM_PRINCIPAL, { name: 'Bench Corp', relationship: 'own', criticality: 'high' });
  const base = Date.parse('2026-10-01T00:00:00Z');
  const runs = [];
  for (let r = 0; r < RUNS; r++) {
    const at = new Date(base + r * 86_400_000).toISOString();
    runs.push({ org_id: org.id, scan_id: null, schedule_id: null, kind: 'active', status: 'finished', basis: 'active', targets: '["10.0.0.0/18"]', ports: 'top-1000', request: '{}', started_at: at, finished_at: at, ingested_at: at, error: null, score: 60 + r, letter: 'C', grade: null, resumed_from: null, pid: null });
  }
  await insertChunks(m.db, 'runs', runs);
  // One stored scan of every host (the last run's), so the hosts page has documents, ports and host facts to read.
  const scanId = Number((await m.db.insertInto('scans').values({ started: new Date(base + (RUNS - 1) * 86_400_000).toISOString(), finished: new Date(base + (RUNS - 1) * 86_400_000).toISOString(), targets: '["10.0.0.0/18"]', ports: 'top-1000', interrupted: 0, hosts_up: HOSTS, hosts_down: 0, score: 60 + RUNS - 1, letter: 'D', meta: metaOf(new Date(base + (RUNS - 1) * 86_400_000).toISOString()), grade: null }).returning('id').executeTakeFirstOrThrow()).id);
  const hostRows = [], portRows = [];
  for (let i = 0; i < HOSTS; i++) {
    const ports = [22, 80, 443, 3306 + (i % 5)].slice(0, 1 + (i % 4));
    const doc = { address: addr(i), hostnames: i % 3 === 0 ? [`h${i}.bench.test`] : [], state: 'up', reason: 'syn-ack', ...(i % 2 === 0 ? { os: { family: i % 4 === 0 ? 'linux' : 'windows', name: 'x', confidence: 0.8, evidence: [] } } : {}),
      ports: ports.map((port) => ({ port, protocol: 'tcp', state: 'open', reason: 'syn-ack', service: { name: port === 22 ? 'ssh' : port === 443 ? 'https' : port === 80 ? 'http' : 'mysql' } })), counts: { open: ports.length, closed: 0, filtered: 0, 'open|filtered': 0 } };
    hostRows.push({ scan_id: scanId, address: addr(i), state: 'up', open_ports: ports.length, score: 50 + (i % 50), letter: 'ABCDF'[i % 5], document: JSON.stringify(doc) });
    for (const port of ports) { portRows.push({ scan_id: scanId, address: addr(i), port, protocol: 'tcp', state: 'open', service: doc.ports.find((x) => x.port === port).service.name, product: null, version: null }); }
  }
  await insertChunks(m.db, 'hosts', hostRows, 200);
  await insertChunks(m.db, 'ports', portRows, 500);
  // The run before the last has a scan too, so GET …/diff compares two 10,000-host scans: on the hosts with a MySQL
  // port whose last octet ends in 3 (≈ 125) that port and its finding are new in the last one.
  const prevAt = new Date(base + (RUNS - 2) * 86_400_000).toISOString();
  const prevScanId = Number((await m.db.insertInto('scans').values({ started: prevAt, finished: prevAt, targets: '["10.0.0.0/18"]', ports: 'top-1000', interrupted: 0, hosts_up: HOSTS, hosts_down: 0, score: 60 + RUNS - 2, letter: 'D', meta: metaOf(prevAt), grade: null }).returning('id').executeTakeFirstOrThrow()).id);
  const changed = (r) => Number(r.address.split('.')[3]) % 10 === 3 && r.port >= 3306; // ≈ 125 hosts
  await insertChunks(m.db, 'hosts', hostRows.map((h) => ({ ...h, scan_id: prevScanId })), 200);
  await insertChunks(m.db, 'ports', portRows.filter((r) => !changed(r)).map((r) => ({ ...r, scan_id: prevScanId })), 500);
  const findingRows = portRows.map((r) => ({ scan_id: scanId, address: r.address, port: r.port, protocol: 'tcp', finding_id: r.port === 22 ? 'ssh-weak-kex' : r.port >= 3306 ? 'mysql-exposed' : 'http-server-banner', severity: 'medium', title: `on ${r.port}` }));
  await insertChunks(m.db, 'findings', findingRows, 500);
  await insertChunks(m.db, 'findings', findingRows.filter((r) => !changed(r)).map((r) => ({ ...r, scan_id: prevScanId })), 500);
  const runIds = (await m.db.selectFrom('runs').select('id').where('org_id', '=', org.id).orderBy('id').execute()).map((x) => Number(x.id));
  const lastRun = runIds.at(-1);
  await m.db.updateTable('runs').set({ scan_id: scanId }).where('id', '=', lastRun).execute();
  await m.db.updateTable('runs').set({ scan_id: prevScanId }).where('id', '=', runIds.at(-2)).execute();
  const lastAt = new Date(base + (RUNS - 1) * 86_400_000).toISOString();
  await insertChunks(m.db, 'grade_history', runIds.map((id, r) => ({ org_id: org.id, run_id: id, scope: 'org', scope_key: '', at: new Date(base + r * 86_400_000).toISOString(), score: 60 + r, letter: 'C', basis: 'active', stale_hosts: 0 })));
  const hosts = [];
  for (let i = 0; i < HOSTS; i++) { hosts.push({ org_id: org.id, host: addr(i), state: i % 50 === 0 ? 'stale' : 'up', last_up_at: lastAt, last_up_run_id: lastRun, last_up_scan_id: scanId, stale_since: null }); }
  await insertChunks(m.db, 'host_states', hosts);
  const findings = [];
  for (let i = 0; i < FINDINGS; i++) {
    const first = runIds[i % RUNS];
    const fixed = i % 7 === 0;
    findings.push({ org_id: org.id, host: addr(i % HOSTS), port: 20 + Math.floor(i / HOSTS), protocol: 'tcp', finding_id: IDS[i % IDS.length], severity: SEV[i % SEV.length], title: `bench finding ${i}`,
      state: fixed ? 'fixed' : 'open', first_seen: lastAt, first_run_id: first, last_seen: lastAt, last_run_id: lastRun, fixed_at: fixed ? lastAt : null, fixed_run_id: fixed ? lastRun : null,
      fixed_reason: fixed ? 'not-observed' : null, reopened_at: null, reopen_count: 0, stale_since: null });
  }
  await insertChunks(m.db, 'finding_states', findings, 400);
  const auth = new AuthRepo(m.db, () => new Date());
  const token = (await auth.createToken({ name: 'bench', orgId: org.id, scope: 'read', createdBy: null, expires: null })).secret;
  // The rows went in by direct inserts, not through ingestScan, which refreshes PostgreSQL's planner statistics after
  // a bulk change (monitor/ingest.ts): do the same, or every query runs on plans made for empty tables.
  if (url.startsWith('postgres')) { await sql`analyze`.execute(m.db); }
  const seedMs = Date.now() - t0;
  await m.close();
  return { orgId: org.id, token, seedMs };
}

function cannon(url, token) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, headers: { authorization: `Bearer ${token}` } }, (err, res) => {
      if (err) { reject(err); return; }
      if (res.non2xx > 0 || res.errors > 0) { reject(new Error(`${url}: ${res.non2xx} non-2xx, ${res.errors} errors`)); return; }
      resolve(res);
    });
  });
}

async function benchStore(kind) {
  const dir = mkdtempSync(join(tmpdir(), 'gh-bench-api-'));
  const name = `gh_bench_api_${process.pid}`;
  let url = join(dir, 'bench.db');
  if (kind === 'postgres') {
    const c = new pg.Client(PG_ADMIN); await c.connect(); await c.query(`create database ${name}`); await c.end();
    const u = new URL(PG_ADMIN); u.pathname = `/${name}`; url = u.toString();
  }
  try {
    const { orgId, token, seedMs } = await seed(url);
    const srv = await startServer(url);
    try {
      const api = `${srv.url}/api/v1`;
      const deep = await (await fetch(`${api}/organizations/${orgId}/findings?limit=100&cursor=90000`, { headers: { authorization: `Bearer ${token}` } })).json();
      if (!Array.isArray(deep.items) || deep.items.length !== 100) { throw new Error('deep findings page is not full: the seed did not land'); }
      const cases = [
        ['floor: GET /health', `${api}/health`],
        ['organisation summary', `${api}/organizations/${orgId}/summary`],
        ['findings page 1 (100)', `${api}/organizations/${orgId}/findings?limit=100`],
        ['findings page at cursor 90,000', `${api}/organizations/${orgId}/findings?limit=100&cursor=90000`],
        ['findings critical+open (100)', `${api}/organizations/${orgId}/findings?limit=100&severity=critical&state=open`],
        ['portfolio', `${api}/portfolio`],
        ['hosts page 1 (100)', `${api}/organizations/${orgId}/hosts?limit=100`],
        ['hosts os=linux&port=443 (100)', `${api}/organizations/${orgId}/hosts?limit=100&os=linux&port=443`],
        ['hosts q=bench (100)', `${api}/organizations/${orgId}/hosts?limit=100&q=bench`],
        ['changes page 1 (20)', `${api}/organizations/${orgId}/changes`],
        ['diff of the last two runs', `${api}/organizations/${orgId}/diff`],
        ['grade (latest run)', `${api}/organizations/${orgId}/grade`],
        ['plan top 5 (latest run)', `${api}/organizations/${orgId}/plan?top=5`],
        ['explain first 100 (latest run)', `${api}/organizations/${orgId}/explain?limit=100`],
      ];
      // First reads fill the derived read models (host facts, run digests) and the per-run caches (grade, plan,
      // explain: server/resources/run-cache.ts): timed once, then measured warm.
      for (const path of [`/organizations/${orgId}/hosts?limit=1`, `/organizations/${orgId}/changes`, '/portfolio', `/organizations/${orgId}/diff`, `/organizations/${orgId}/grade`, `/organizations/${orgId}/plan?top=5`, `/organizations/${orgId}/explain?limit=100`]) {
        const t = Date.now();
        const res = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } });
        if (res.status !== 200) { throw new Error(`${path}: ${res.status} ${await res.text()}`); }
        await res.arrayBuffer();
        console.log(`${kind}: first GET ${path} (fills the read model) ${Date.now() - t} ms`);
      }
      const rows = [];
      for (const [label, u] of cases) {
        const c0 = cpuSeconds(srv.pid);
        const r = await cannon(u, token);
        const cpuMs = ((cpuSeconds(srv.pid) - c0) * 1000) / Math.max(1, r.requests.total);
        rows.push({ store: kind, request: label, 'req/s': Math.round(r.requests.average), 'p50 ms': r.latency.p50, 'p99 ms': r.latency.p99, 'max ms': r.latency.max, 'server CPU ms/req': Number(cpuMs.toFixed(2)) });
      }
      return { rows, seedMs };
    } finally { await srv.close(); }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (kind === 'postgres') { const c = new pg.Client(PG_ADMIN); await c.connect(); await c.query(`drop database if exists ${name} with (force)`); await c.end(); }
  }
}

console.log(`API benchmark: ${HOSTS.toLocaleString('en')} hosts, ${FINDINGS.toLocaleString('en')} findings, ${RUNS} runs; autocannon ${connections} connections × ${seconds} s per request, loopback, against \`gatehouse serve --log-level warn\` in its own process`);
for (const kind of stores) {
  const { rows, seedMs } = await benchStore(kind);
  console.log(`\n${kind} (seeded in ${(seedMs / 1000).toFixed(1)} s)`);
  console.table(rows);
}
