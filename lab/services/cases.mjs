/**
 * @module lab/services/cases — the finding-level cases of bench/accuracy.sh (issue 14 items 1–4): per case, what the
 * lab truth says, what gatehouse reported (its --json documents) and what nmap -sV with its scripts reported (-oX),
 * each judged ok / WRONG / missed, or n/a when the tool has no way to say it (nmap has no verdict for a certificate
 * name or an rsync module's files). Prints the table and the counts per tool.
 *   node cases.mjs --ours A.json[,B.json] --nmap A.xml[,B.xml] [--versions /tmp/gh-svc/versions.json]
 */
import { readFileSync } from 'node:fs';
import { forbiddenFindings, loadTruth } from './truth.mjs';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const versions = JSON.parse(readFileSync(arg('versions') ?? '/tmp/gh-svc/versions.json', 'utf8'));

/** gatehouse: "address:port/proto" -> port result */
function ours(files) {
  const out = new Map();
  for (const f of files) {
    for (const h of JSON.parse(readFileSync(f, 'utf8')).hosts) {
      for (const p of h.ports) { if (p.state === 'open') { out.set(`${h.address}:${p.port}/${p.protocol}`, p); } }
    }
  }
  return out;
}

const unxml = (s) => s.replace(/&#xa;/g, '\n').replace(/&#xd;/g, '').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const attr = (tag, name) => { const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag); return m ? unxml(m[1]) : undefined; };

/** nmap: "address:port/proto" -> { name, product, version, tls, scripts: { id: output } } (host scripts merged in) */
function nmap(files) {
  const out = new Map();
  for (const f of files) {
    for (const host of readFileSync(f, 'utf8').split('<host ').slice(1)) {
      const addr = /<address addr="([^"]+)" addrtype="ipv4"/.exec(host)?.[1];
      if (!addr) { continue; }
      const hostScripts = {};
      const hs = /<hostscript>([\s\S]*?)<\/hostscript>/.exec(host)?.[1] ?? '';
      for (const m of hs.matchAll(/<script id="([^"]+)" output="([^"]*)"/g)) { hostScripts[m[1]] = unxml(m[2]); }
      for (const m of host.matchAll(/<port protocol="(tcp|udp)" portid="(\d+)">([\s\S]*?)<\/port>/g)) {
        const body = m[3] ?? '';
        if (!/<state state="open"/.test(body)) { continue; }
        const svc = /<service [^>]*>/.exec(body)?.[0] ?? '';
        const scripts = { ...hostScripts };
        for (const s of body.matchAll(/<script id="([^"]+)" output="([^"]*)"/g)) { scripts[s[1]] = unxml(s[2]); }
        out.set(`${addr}:${m[2]}/${m[1]}`, { name: attr(svc, 'name') ?? 'unknown', product: attr(svc, 'product'), version: attr(svc, 'version'), tls: attr(svc, 'tunnel') === 'ssl', scripts });
      }
    }
  }
  return out;
}

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
