/**
 * @module lab/services/cases — the finding-level cases of bench/accuracy.sh (issue 14 items 1–4): per case, what the
 * lab truth says, what gatehouse reported (its --json documents) and what nmap -sV with its scripts reported (-oX),
 * each judged ok / WRONG / missed, or n/a when the tool has no way to say it (nmap has no verdict for a certificate
 * name or an rsync module's files). Prints the table and the counts per tool.
 *   node cases.mjs --ours A.json[,B.json] --nmap A.xml[,B.xml] [--versions /tmp/gh-svc/versions.json]
 */
import { readFileSync } from 'node:fs';
import { forbiddenFindings, loadTruth } from './truth.mjs';
import { nmap, ours } from './results.mjs';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const versions = JSON.parse(readFileSync(arg('versions') ?? '/tmp/gh-svc/versions.json', 'utf8'));

const has = (p, id) => (p?.findings ?? []).some((f) => f.id === id);
const script = (n, id) => n?.scripts?.[id];
/** A verdict: true (right), false (wrong), null (the tool said nothing: missed), 'n/a' (the tool cannot say). */
const yes = (cond) => (cond ? true : false);
const samba = versions.samba?.upstream ?? '?';

const CASES = [
  // item 1: TLS on unusual ports
  { id: 'tls-10443-is-https', key: '10.77.1.52:10443/tcp', what: 'nginx TLS on 10443 is https',
    ours: (p) => yes(p?.service.tls === true && /^(https|ssl\/http)$/.test(p.service.name)), nmap: (n) => (n ? yes(n.tls && /^https?$/.test(n.name)) : null) },
  { id: 'no-false-http-no-tls-10443', key: '10.77.1.52:10443/tcp', what: 'no http-no-tls on a TLS port',
    ours: (p) => (p ? !has(p, 'http-no-tls') : null), nmap: () => 'n/a' },
  { id: 'cert-mismatch-10443', key: '10.77.1.52:10443/tcp', what: 'certificate name mismatch reported',
    ours: (p) => (has(p, 'tls-hostname-mismatch') ? true : null), nmap: () => 'n/a' },
  { id: 'tls-12443-is-https', key: '10.77.1.53:12443/tcp', what: 'Apache TLS on 12443 is https',
    ours: (p) => yes(p?.service.tls === true && /^(https|ssl\/http)$/.test(p.service.name)), nmap: (n) => (n ? yes(n.tls && /^https?$/.test(n.name)) : null) },
  // item 2: SMB
  { id: 'smb-signing-open', key: '10.77.1.80:445/tcp', what: 'signing not required (Samba, signing auto)',
    ours: (p) => (has(p, 'smb-signing-not-required') ? true : null), nmap: (n) => { const s = script(n, 'smb2-security-mode'); return s === undefined ? null : /not required/.test(s); } },
  { id: 'smb-signing-hardened', key: '10.77.1.81:445/tcp', what: 'signing required: no finding',
    ours: (p) => (p ? !has(p, 'smb-signing-not-required') : null), nmap: (n) => { const s = script(n, 'smb2-security-mode'); return s === undefined ? null : /enabled and required/.test(s); } },
  { id: 'smb-v1-open', key: '10.77.1.80:445/tcp', what: 'SMBv1 enabled',
    ours: (p) => (has(p, 'smb-v1-enabled') ? true : null), nmap: (n) => { const s = script(n, 'smb-protocols'); return s === undefined ? null : /NT LM 0\.12|SMBv1/.test(s); } },
  { id: 'smb-v1-hardened', key: '10.77.1.81:445/tcp', what: 'SMBv1 off: no finding',
    ours: (p) => (p ? !has(p, 'smb-v1-enabled') : null), nmap: (n) => { const s = script(n, 'smb-protocols'); return s === undefined ? null : !/NT LM 0\.12|SMBv1/.test(s); } },
  { id: 'smb-guest-open', key: '10.77.1.80:445/tcp', what: 'guest/anonymous session lists/opens a share',
    ours: (p) => (has(p, 'smb-guest-access') ? true : null), nmap: (n) => { const s = script(n, 'smb-enum-shares'); return s === undefined ? null : /public[\s\S]*?Anonymous access: READ/.test(s); } },
  { id: 'smb-guest-hardened', key: '10.77.1.81:445/tcp', what: 'no guest access: no finding',
    ours: (p) => (p ? !has(p, 'smb-guest-access') : null), nmap: (n) => { const s = script(n, 'smb-enum-shares'); return s === undefined ? true : !/Anonymous access: READ/.test(s); } },
  { id: 'samba-version', key: '10.77.1.80:445/tcp', what: `Samba ${samba} named with its version`,
    ours: (p) => (p?.service.product ? yes(/samba/i.test(p.service.product) && p.service.version === samba) : null),
    nmap: (n) => { const os = script(n, 'smb-os-discovery') ?? ''; const v = `${n?.product ?? ''} ${n?.version ?? ''} ${os}`; return /samba/i.test(v) ? yes(v.includes(samba)) : null; } },
  // item 3: rsync
  { id: 'rsync-anon-read', key: '10.77.1.65:873/tcp', what: 'module "public" readable without auth',
    ours: (p) => (has(p, 'rsync-anonymous-read') ? true : null), nmap: () => 'n/a' },
  { id: 'rsync-auth-only', key: '10.77.1.67:873/tcp', what: 'auth-only module: no anonymous read',
    ours: (p) => (p ? !has(p, 'rsync-anonymous-read') : null), nmap: () => 'n/a' },
  { id: 'rsync-module-list', key: '10.77.1.65:873/tcp', what: 'modules listed to anyone',
    ours: (p) => (has(p, 'rsync-module-listing') ? true : null), nmap: (n) => { const s = script(n, 'rsync-list-modules'); return s === undefined ? null : /public/.test(s); } },
  // item 4: names
  { id: 'xrdp-named', key: '10.77.1.100:3389/tcp', what: 'xrdp is xrdp (not Microsoft)',
    ours: (p) => (p?.service.product ? yes(/xrdp/i.test(p.service.product)) : null), nmap: (n) => (n?.product ? yes(/xrdp/i.test(n.product)) : null) },
  { id: 'epmd', key: '10.77.1.110:4369/tcp', what: 'epmd identified, node names reported',
    ours: (p) => (p ? yes(p.service.name === 'epmd' && has(p, 'epmd-node-names')) : null), nmap: (n) => (n ? yes(n.name === 'epmd' && /labnode/.test(script(n, 'epmd-info') ?? '')) : null) },
  { id: 'erlang-dist', key: '10.77.1.110:25672/tcp', what: 'distribution port identified + reachable',
    ours: (p) => (p ? yes(/erlang/.test(p.service.name) && has(p, 'erlang-distribution-exposed')) : null), nmap: (n) => (n && n.name !== 'unknown' ? yes(/erlang/i.test(`${n.name} ${n.product ?? ''}`)) : null) },
  { id: 'vnc-no-auth', key: '10.77.1.75:5900/tcp', what: 'x11vnc -nopw: no authentication (type None)',
    ours: (p) => (has(p, 'vnc-no-auth') ? true : null), nmap: (n) => { const s = script(n, 'vnc-info'); return s === undefined ? null : /None \(1\)/.test(s); } },
  { id: 'vnc-password', key: '10.77.1.76:5900/tcp', what: 'x11vnc -passwd: VNC auth only, no finding',
    ours: (p) => (p ? !has(p, 'vnc-no-auth') : null), nmap: (n) => { const s = script(n, 'vnc-info'); return s === undefined ? null : /VNC Authentication \(2\)/.test(s) && !/None \(1\)/.test(s); } },
  { id: 'rdp-emulator-not-xrdp', key: '10.77.2.60:3389/tcp', what: 'RDP (TLS-only emulator): rdp, not named xrdp',
    ours: (p) => (p ? yes(/^(rdp|ms-wbt-server)$/.test(p.service.name) && !/xrdp/i.test(p.service.product ?? '')) : null),
    nmap: (n) => (n ? yes(/^(rdp|ms-wbt-server)$/.test(n.name) && !/xrdp/i.test(n.product ?? '')) : null) },
  { id: 'snmp-net-snmp', key: '10.77.1.105:161/udp', what: 'SNMP agent named net-snmp',
    ours: (p) => (p?.service.product ? yes(/net-snmp/i.test(p.service.product)) : null), nmap: (n) => (n?.product ? yes(/net-snmp/i.test(n.product)) : null) },
];

const o = ours((arg('ours') ?? '').split(',').filter(Boolean));
const n = nmap((arg('nmap') ?? '').split(',').filter(Boolean));
const cell = (v) => (v === 'n/a' ? 'n/a' : v === null ? 'missed' : v ? 'ok' : 'WRONG');
const counts = { ours: { ok: 0, WRONG: 0, missed: 0, 'n/a': 0 }, nmap: { ok: 0, WRONG: 0, missed: 0, 'n/a': 0 } };
const rows = [];
const worse = [];
for (const c of CASES) {
  const a = cell(c.ours(o.get(c.key)));
  const b = cell(c.nmap(n.get(c.key)));
  counts.ours[a]++; counts.nmap[b]++;
  if (b === 'ok' && a !== 'ok') { worse.push(c.id); }
  rows.push([c.key, c.what, a, b]);
}
const w = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length), 10));
console.log(`${'case'.padEnd(w[0])} | ${'truth'.padEnd(w[1])} | gatehouse | nmap -sV + scripts`);
for (const r of rows) { console.log(`${r[0].padEnd(w[0])} | ${r[1].padEnd(w[1])} | ${r[2].padEnd(9)} | ${r[3]}`); }
for (const who of ['ours', 'nmap']) {
  const k = counts[who];
  console.log(`${who === 'ours' ? 'gatehouse         ' : 'nmap -sV + scripts'}: ${k.ok} correct, ${k.WRONG} wrong, ${k.missed} missed, ${k['n/a']} n/a (of ${CASES.length} cases)`);
}
// False findings: on every scanned truth port, the standard findings its truth does not expect or allow.
const truth = loadTruth();
const falseFindings = [];
for (const t of truth.ports) {
  const p = o.get(`${t.address}:${t.port}/tcp`);
  if (p === undefined) { continue; }
  const forbidden = new Set(forbiddenFindings(t, truth));
  for (const f of p.findings ?? []) { if (forbidden.has(f.id)) { falseFindings.push(`${t.address}:${t.port} ${f.id}`); } }
}
console.log(`gatehouse false findings on the scanned lab ports: ${falseFindings.length}${falseFindings.length ? ` (${falseFindings.join(', ')})` : ''}`);
console.log(`cases where nmap is right and gatehouse is not: ${worse.length ? worse.join(' ') : 'none'}`);
// Grade caps (docs/scoring.md § 5a), from the full default scan of the lab (--caps): per host, the cap its truth's
// expected findings imply (critical -> D, high -> B, with the severity gatehouse gave each) against hosts[].grade.cap.
const capsFile = arg('caps');
if (capsFile) {
  const full = JSON.parse(readFileSync(capsFile, 'utf8'));
  const rank = { critical: 2, high: 1 };
  const tally = { D: 0, B: 0, none: 0 };
  const wrongCaps = [];
  const unjudgedCaps = [];
  for (const h of full.hosts) {
    const expectIds = new Set(truth.ports.filter((t) => t.address === h.address).flatMap((t) => t.expect));
    // the truth judges its standard findings; the others (TLS suites, certificates) are taken as reported and named
    let want = 0; const unjudged = new Set();
    for (const p of h.ports) {
      for (const f of p.findings ?? []) {
        const judged = truth.standardFindings.includes(f.id);
        if ((judged ? expectIds.has(f.id) : true) && p.local?.reach !== 'local' && (rank[f.severity] ?? 0) > 0) {
          want = Math.max(want, rank[f.severity]);
          if (!judged) { unjudged.add(f.id); }
        }
      }
    }
    const wantLetter = want === 2 ? 'D' : want === 1 ? 'B' : 'none';
    const got = h.grade?.cap?.letter ?? 'none';
    if (got === wantLetter) { tally[wantLetter]++; } else { wrongCaps.push(`${h.address} ${got} (truth ${wantLetter})`); }
    const held = h.grade?.cap?.findingIds ?? [];
    if (held.length > 0 && held.every((id) => unjudged.has(id))) { unjudgedCaps.push(`${h.address} ${got} by ${held.join('+')}`); }
  }
  // false and missed findings over every lab port of the full scan (the hostile peers are not scanned)
  const fullPorts = ours([capsFile]);
  const falseFull = []; const missedFull = [];
  for (const t of truth.ports) {
    const p = fullPorts.get(`${t.address}:${t.port}/tcp`);
    if (p === undefined) { if (t.daemon !== 'hostile') { missedFull.push(`${t.address}:${t.port} (not open)`); } continue; }
    const forbidden = new Set(forbiddenFindings(t, truth));
    for (const f of p.findings ?? []) { if (forbidden.has(f.id)) { falseFull.push(`${t.address}:${t.port} ${f.id}`); } }
    // tls-hostname-mismatch needs the name the certificate is checked against (the cases scan, --resolve)
    for (const id of t.expect) { if (id !== 'tls-hostname-mismatch' && !has(p, id)) { missedFull.push(`${t.address}:${t.port} ${id}`); } }
  }
  console.log(`gatehouse full scan of the lab: false findings ${falseFull.length}${falseFull.length ? ` (${falseFull.join(', ')})` : ''}; expected findings missed ${missedFull.length}${missedFull.length ? ` (${missedFull.join(', ')})` : ''}`);
  console.log(`gatehouse grade caps (${full.hosts.length} lab hosts, full scan): ${full.hosts.length - wrongCaps.length} as the findings imply (D ${tally.D}, B ${tally.B}, none ${tally.none}), ${wrongCaps.length} wrong${wrongCaps.length ? `: ${wrongCaps.join(', ')}` : ''}; nmap: n/a (no grade)`);
  if (unjudgedCaps.length > 0) { console.log(`  capped only by findings the lab truth does not judge (TLS suites, certificates): ${unjudgedCaps.join(', ')}`); }
}
