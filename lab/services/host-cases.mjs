/**
 * @module lab/services/host-cases — the host-level cases of bench/accuracy-hosts.sh (issue 14 items 5 and 7): a
 * catch-all host (every port answers; the real services are redis on 6379 and http on 8080) and the scanning
 * machine itself (redis bound to loopback only on 16379 and to every interface on 16380), per case ok / WRONG /
 * missed / n/a for gatehouse (--json) and nmap -sV (-oX), in the format of cases.mjs.
 *   node host-cases.mjs --catch-all A.json --catch-all-nmap A.xml --self B.json --self-nmap B.xml
 */
import { readFileSync } from 'node:fs';
import { nmap, ours } from './results.mjs';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const doc = (f) => JSON.parse(readFileSync(f, 'utf8'));
const ca = doc(arg('catch-all'));
const self = doc(arg('self'));
const caO = ours([arg('catch-all')]);
const caN = nmap([arg('catch-all-nmap')]);
const selfO = ours([arg('self')]);
const selfN = nmap([arg('self-nmap')]);
const caHost = ca.hosts.find((h) => h.address === '10.95.0.1');
const has = (p, id) => (p?.findings ?? []).some((f) => f.id === id);
const yes = (c) => (c ? true : false);
const REAL = ['10.95.0.1:6379/tcp', '10.95.0.1:8080/tcp'];
const caOpenN = [...caN.keys()].filter((k) => k.startsWith('10.95.0.1:'));
const caOpenO = [...caO.keys()].filter((k) => k.startsWith('10.95.0.1:'));

const CASES = [
  { key: '10.95.0.1:6379/tcp', what: 'catch-all host: real redis named',
    ours: () => (caO.get(REAL[0]) ? yes(caO.get(REAL[0]).service.name === 'redis') : null), nmap: () => (caN.get(REAL[0]) ? yes(caN.get(REAL[0]).name === 'redis') : null) },
  { key: '10.95.0.1:6379/tcp', what: 'catch-all host: redis-no-auth on the real redis',
    ours: () => (has(caO.get(REAL[0]), 'redis-no-auth') ? true : null), nmap: () => 'n/a' },
  { key: '10.95.0.1:8080/tcp', what: 'catch-all host: real http named',
    ours: () => (caO.get(REAL[1]) ? yes(caO.get(REAL[1]).service.name === 'http') : null), nmap: () => (caN.get(REAL[1]) ? yes(/^http/.test(caN.get(REAL[1]).name)) : null) },
  { key: '10.95.0.1 (host)', what: 'the other ports reported as one catch-all, not as services',
    ours: () => (caHost?.catchAll ? yes(caOpenO.length <= REAL.length + 1) : caHost ? false : null),
    // nmap has no notion of a catch-all: listing the silent ports as open services is the false answer
    nmap: () => (caOpenN.length === 0 ? null : yes(caOpenN.length <= REAL.length + 1)) },
  { key: '127.0.0.1:16379/tcp', what: 'self: loopback-only redis named',
    ours: () => (selfO.get('127.0.0.1:16379/tcp') ? yes(selfO.get('127.0.0.1:16379/tcp').service.name === 'redis') : null), nmap: () => (selfN.get('127.0.0.1:16379/tcp') ? yes(selfN.get('127.0.0.1:16379/tcp').name === 'redis') : null) },
  { key: '127.0.0.1:16379/tcp', what: 'self: bound to loopback only, reachable locally only',
    ours: () => { const l = selfO.get('127.0.0.1:16379/tcp')?.local; return l ? yes(l.bindScope === 'loopback' && l.reach === 'local') : null; }, nmap: () => 'n/a' },
  { key: '127.0.0.1:16380/tcp', what: 'self: all-interfaces redis reachable from the network',
    ours: () => { const l = selfO.get('127.0.0.1:16380/tcp')?.local; return l ? yes(l.bindScope === 'all' && l.reach === 'network') : null; }, nmap: () => 'n/a' },
  { key: '127.0.0.1:16379/tcp', what: 'self: process named (redis-server)',
    ours: () => { const l = selfO.get('127.0.0.1:16379/tcp')?.local; return l ? yes(l.processes.some((x) => x.name === 'redis-server')) : null; }, nmap: () => 'n/a' },
  { key: '127.0.0.1 (grade)', what: 'self: capped at D by the reachable redis only',
    ours: () => { const c = self.grade?.cap; const d = (self.grade?.deductions ?? []).find((x) => x.port === 16379); return self.grade ? yes(c?.letter === 'D' && d?.local === true) : null; }, nmap: () => 'n/a' },
];

const cell = (v) => (v === 'n/a' ? 'n/a' : v === null ? 'missed' : v ? 'ok' : 'WRONG');
const counts = { ours: { ok: 0, WRONG: 0, missed: 0, 'n/a': 0 }, nmap: { ok: 0, WRONG: 0, missed: 0, 'n/a': 0 } };
const rows = [];
const worse = [];
for (const c of CASES) {
  const a = cell(c.ours());
  const b = cell(c.nmap());
  counts.ours[a]++; counts.nmap[b]++;
  if (b === 'ok' && a !== 'ok') { worse.push(`${c.key} ${c.what}`); }
  rows.push([c.key, c.what, a, b]);
}
const w = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length), 10));
console.log(`${'case'.padEnd(w[0])} | ${'truth'.padEnd(w[1])} | gatehouse | nmap -sV`);
for (const r of rows) { console.log(`${r[0].padEnd(w[0])} | ${r[1].padEnd(w[1])} | ${r[2].padEnd(9)} | ${r[3]}`); }
for (const who of ['ours', 'nmap']) {
  const k = counts[who];
  console.log(`${who === 'ours' ? 'gatehouse' : 'nmap -sV '}: ${k.ok} correct, ${k.WRONG} wrong, ${k.missed} missed, ${k['n/a']} n/a (of ${CASES.length} cases)`);
}
// nmap drops every result of a host that reaches --host-timeout (the XML says timedout="true")
const nmapTimedOut = /<host [^>]*timedout="true"/.test(readFileSync(arg('catch-all-nmap'), 'utf8'));
console.log(`catch-all host: open ports listed: gatehouse ${caOpenO.length}${caHost?.catchAll ? ` (+ one catch-all fact: ${caHost.catchAll.ports} ports ${caHost.catchAll.behaviour})` : ''} | nmap -sV ${caOpenN.length}${nmapTimedOut ? ' (host timeout: nmap reports nothing for the host)' : ''}`);
// False findings: every finding on a catch-all port other than the real redis's, and none on the self host but redis-no-auth
const falseF = [];
for (const [k, p] of caO) { if (k !== REAL[0]) { for (const f of p.findings ?? []) { if (f.id !== 'http-no-tls' || k !== REAL[1]) { falseF.push(`${k} ${f.id}`); } } } }
for (const [k, p] of selfO) { for (const f of p.findings ?? []) { if (f.id !== 'redis-no-auth') { falseF.push(`${k} ${f.id}`); } } }
console.log(`gatehouse false findings (catch-all + self): ${falseF.length}${falseF.length ? ` (${falseF.join(', ')})` : ''}`);
console.log(`host cases where nmap is right and gatehouse is not: ${worse.length ? worse.join('; ') : 'none'}`);
