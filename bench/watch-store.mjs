// Watch store benchmark (issue 11): an organisation with 10,000 hosts, 100,000 findings and 30 past runs, on SQLite
// and on PostgreSQL (a database of its own, dropped after). Prints, per store: ingest of a 10,000-host scan (target
// < 5 s) and the diff of two 10,000-host runs (target < 1 s), next to the same run's baselines: writing that scan
// into the plain scan history (what every `gatehouse scan` does) and merely loading + parsing the two scans.
// Also prints the measured ingest's phases (wall and this process's CPU, from the `gatehouse:monitor:ingest-phase`
// diagnostics channel) and the ingest as a ratio of the baseline "store the scan" (both wall and CPU).
// Usage: node bench/watch-store.mjs [--hosts N] [--sqlite-only | --pg-only]   (needs `npm run build`; PostgreSQL at
// $GATEHOUSE_TEST_PG or postgres://postgres@127.0.0.1:5432/postgres). Loopback only: no packets are sent.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { subscribe } from 'node:diagnostics_channel';
import pg from 'pg';
import { cpuSeconds } from './proc.mjs';
import { openMonitor } from '../dist/monitor/context.js';
import { SYSTEM_PRINCIPAL as admin } from '../dist/monitor/principal.js';
import { createOrganization } from '../dist/monitor/repo/organizations.js';
import { ingestScan } from '../dist/monitor/ingest.js';
import { diffRuns } from '../dist/monitor/run-diff.js';
import { withGrades } from '../dist/score/index.js';
import { INGEST_PHASE_CHANNEL } from '../dist/monitor/ingest-phases.js';

const argv = process.argv.slice(2);
const HOSTS = Number(argv[argv.indexOf('--hosts') + 1] ?? 0) || 10_000;
const PAST_RUNS = 30;
const IDS = ['redis-no-auth', 'telnet-exposed', 'http-no-tls', 'ssh-weak-algorithms', 'tls-weak-cipher', 'smb-exposed', 'ftp-cleartext', 'https-no-hsts', 'software-eol', 'dns-version-disclosure'];
const SEV = ['critical', 'high', 'medium', 'medium', 'low', 'high', 'medium', 'low', 'medium', 'info'];
const addr = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

/** One scan document: every host up with 10 findings over 5 ports; `variant` moves ~2% of it. */
function scanDoc(variant, hour) {
  const hosts = [];
  for (let i = 0; i < HOSTS; i++) {
    const shift = variant > 0 && i % 50 === 0;
    const ports = [22, 80, 443, 6379, 445].map((port, k) => ({
      port, protocol: 'tcp', state: 'open', reason: 'syn-ack',
      service: { name: ['ssh', 'http', 'https', 'redis', 'microsoft-ds'][k], method: 'probed', product: 'P', version: shift && k === 0 ? '9.6' : '8.9' },
      findings: [0, 1].map((j) => IDS[k * 2 + j]).filter((id) => !(shift && id === 'telnet-exposed')).map((id) => ({
        id, severity: SEV[IDS.indexOf(id)], title: id, evidence: `probe → reply for ${id}`, remediation: 'fix it', references: ['https://example.org/'],
      })),
    }));
    hosts.push({ address: addr(i), hostnames: [], state: variant > 0 && i % 997 === 0 ? 'down' : 'up', reason: 'syn-ack', ports: variant > 0 && i % 997 === 0 ? [] : ports, counts: { open: 5, closed: 0, filtered: 0, 'open|filtered': 0 } });
  }
  const at = new Date(Date.UTC(2026, 10, 1) + hour * 3600_000).toISOString();
  return withGrades({ version: 1, scan: { started: at, finished: at, targets: ['10.0.0.0/16'], ports: '22,80,443,445,6379' }, hosts });
}

/** Writes a scan document into the scan history in bulk (one transaction, multi-row inserts). */
async function bulkStore(db, doc) {
  return db.transaction().execute(async (tx) => {
    const { id } = await tx.insertInto('scans').values({ started: doc.scan.started, finished: doc.scan.finished, targets: JSON.stringify(doc.scan.targets), ports: doc.scan.ports,
      interrupted: 0, hosts_up: doc.hosts.filter((h) => h.state === 'up').length, hosts_down: 0, score: doc.grade.score, letter: doc.grade.letter, meta: JSON.stringify(doc.scan), grade: JSON.stringify(doc.grade) }).returning('id').executeTakeFirstOrThrow();
    for (let i = 0; i < doc.hosts.length; i += 500) {
      const part = doc.hosts.slice(i, i + 500);
      await tx.insertInto('hosts').values(part.map((h) => ({ scan_id: id, address: h.address, state: h.state, open_ports: h.counts.open, score: h.grade?.score ?? null, letter: h.grade?.letter ?? null, document: JSON.stringify(h) }))).execute();
      const ports = part.flatMap((h) => h.ports.map((p) => ({ scan_id: id, address: h.address, port: p.port, protocol: p.protocol, state: p.state, service: p.service.name, product: p.service.product ?? null, version: p.service.version ?? null })));
      if (ports.length) { await tx.insertInto('ports').values(ports).execute(); }
      const fs = part.flatMap((h) => h.ports.flatMap((p) => (p.findings ?? []).map((f) => ({ scan_id: id, address: h.address, port: p.port, protocol: p.protocol, finding_id: f.id, severity: f.severity, title: f.title }))));
      for (let j = 0; j < fs.length; j += 2000) { await tx.insertInto('findings').values(fs.slice(j, j + 2000)).execute(); }
    }
    return Number(id);
  });
}

/** 29 synthetic past runs with their org and per-host grade history (the 30th is the first real ingest). */
async function pastRuns(m, orgId) {
  for (let r = 0; r < PAST_RUNS - 1; r++) {
    const at = new Date(Date.UTC(2026, 9, 1) + r * 86_400_000).toISOString();
    const { id } = await m.db.insertInto('runs').values({ org_id: orgId, scan_id: null, schedule_id: null, kind: 'active', status: 'finished', basis: 'active', targets: '["10.0.0.0/16"]', ports: '22', request: '{}', started_at: at, finished_at: at, ingested_at: at, error: null, score: 70, letter: 'C', grade: null, resumed_from: null, pid: null }).returning('id').executeTakeFirstOrThrow();
    const rows = [{ scope: 'org', key: '' }, ...Array.from({ length: HOSTS }, (_, i) => ({ scope: 'host', key: addr(i) }))];
    for (let i = 0; i < rows.length; i += 1000) {
      await m.db.insertInto('grade_history').values(rows.slice(i, i + 1000).map((x) => ({ org_id: orgId, run_id: id, scope: x.scope, scope_key: x.key, at, score: 70, letter: 'C', basis: 'active', stale_hosts: 0 }))).execute();
    }
  }
}

/** Phase spans of the ingests (monitor/ingest-phases.ts); reset before the measured one. */
let phases = [];
subscribe(INGEST_PHASE_CHANNEL, (m) => { phases.push(m); });

const time = async (fn) => { const t = process.hrtime.bigint(); const v = await fn(); return [Number(process.hrtime.bigint() - t) / 1e9, v]; };

/**
 * CPU seconds of `fn`: this process's, plus (PostgreSQL) the server backends' serving this database, read from
 * /proc (same machine). On a loaded machine wall time measures the scheduler; CPU time measures the work.
 */
async function cpu(db, fn) {
  const backends = async () => {
    if (db === null) { return 0; }
    const { rows } = await db.query('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    let ticks = 0;
    for (const r of rows) {
      ticks += cpuSeconds(r.pid);
    }
    return ticks;
  };
  const [b0, c0] = [await backends(), process.cpuUsage()];
  const [secs, v] = await time(fn);
  const c = process.cpuUsage(c0);
  return [secs, v, (c.user + c.system) / 1e6 + (await backends()) - b0];
}

async function benchStore(name, url) {
  const m = await openMonitor(url, { poolSize: 4 });
  const probe = url.startsWith('postgres') ? new pg.Client(url) : null;
  await probe?.connect();
  try {
    const orgId = (await createOrganization(m, admin, { name: 'Bench Org' })).id;
    await pastRuns(m, orgId);
    const first = scanDoc(0, 0);
    const scan1 = await bulkStore(m.db, first);
    const [seedIngest, r1] = await time(() => ingestScan(m, admin, orgId, scan1, { kind: 'active' }));
    const second = scanDoc(1, 24);
    const [storeSecs, scan2, storeCpu] = await cpu(probe, () => bulkStore(m.db, second));
    phases = [];
    const load = loadavg()[0];
    const [ingestSecs, r2, ingestCpu] = await cpu(probe, () => ingestScan(m, admin, orgId, scan2, { kind: 'active' }));
    const ingestPhases = phases;
    phases = []; // later ingests (the next store's seed) go elsewhere
    const [loadSecs] = await time(async () => { await m.store.getScan(scan1); await m.store.getScan(scan2); });
    const [diffSecs, d, diffCpu] = await cpu(probe, () => diffRuns(m, admin, orgId, r1.run.id, r2.run.id));
    const findings = await m.db.selectFrom('finding_states').select((eb) => eb.fn.countAll().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    const runs = await m.db.selectFrom('runs').select((eb) => eb.fn.countAll().as('n')).where('org_id', '=', orgId).executeTakeFirstOrThrow();
    return { name, hosts: HOSTS, findings: Number(findings.n), runs: Number(runs.n), seedIngest, storeSecs, storeCpu, ingestSecs, ingestCpu, ingestPhases, load, r2, loadSecs, diffSecs, diffCpu, d };
  } finally { await probe?.end(); await m.close(); }
}

const results = [];
const dir = mkdtempSync(join(tmpdir(), 'gh-bench-watch-'));
if (!argv.includes('--pg-only')) {
  try { results.push(await benchStore('SQLite', join(dir, 'bench.db'))); } finally { rmSync(dir, { recursive: true, force: true }); }
}
if (!argv.includes('--sqlite-only')) {
  const admin_ = process.env.GATEHOUSE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `gh_bench_watch_${process.pid}`;
  const c = new pg.Client(admin_); await c.connect(); await c.query(`create database ${name}`); await c.end();
  const u = new URL(admin_); u.pathname = `/${name}`;
  try { results.push(await benchStore('PostgreSQL', u.toString())); } finally {
    const c2 = new pg.Client(admin_); await c2.connect(); await c2.query(`drop database if exists ${name} with (force)`); await c2.end();
  }
}
const s = (x) => `${x.toFixed(2)} s`;
console.log(`Watch store, organisation of ${HOSTS} hosts (10 findings each), ${PAST_RUNS} runs; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('store       findings  runs  first ingest  store scan (baseline)  ingest (target < 5 s)  ingest CPU  load 2 scans (baseline)  diff runs (target < 1 s)  diff CPU  changes found');
for (const r of results) {
  const changes = `${r.d.findings.fixed.length} fixed, ${r.d.services.length} services, ${r.d.hosts.disappeared.length} silent`;
  console.log(`${r.name.padEnd(11)} ${String(r.findings).padStart(8)}  ${String(r.runs).padStart(4)}  ${s(r.seedIngest).padStart(12)}  ${s(r.storeSecs).padStart(21)}  ${s(r.ingestSecs).padStart(21)}  ${s(r.ingestCpu).padStart(10)}  ${s(r.loadSecs).padStart(23)}  ${s(r.diffSecs).padStart(24)}  ${s(r.diffCpu).padStart(8)}  ${changes}`);
}
console.log('\ningest (measured run) against its baseline "store the scan", and its phases (wall / this process\'s CPU):');
for (const r of results) {
  console.log(`${r.name}: load ${r.load.toFixed(1)}; ingest ${s(r.ingestSecs)} wall, ${s(r.ingestCpu)} CPU; store scan ${s(r.storeSecs)} wall, ${s(r.storeCpu)} CPU; ratio ingest/store ${(r.ingestSecs / r.storeSecs).toFixed(2)} wall, ${(r.ingestCpu / r.storeCpu).toFixed(2)} CPU`);
  console.log(`  ${r.ingestPhases.map((p) => `${p.phase} ${(p.wallMs / 1000).toFixed(2)}/${(p.cpuMs / 1000).toFixed(2)}`).join('  ')}`);
}
console.log('CPU = this process + (PostgreSQL) the database backends serving it; wall time on a loaded machine mostly measures the scheduler.');
