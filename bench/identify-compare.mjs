// bench/identify-compare.mjs — prints the service-detection comparison for bench/identify.sh:
//   node bench/identify-compare.mjs OURS.json NMAP.xml OUR_SECONDS NMAP_SECONDS [truth.json]
// Per open port: our service/product/version, nmap's, and (for lab ports) whether each matches the manifest.
import { readFileSync } from 'node:fs';

const [oursFile, nmapFile, oursSecs, nmapSecs, truthFile] = process.argv.slice(2);
const ours = JSON.parse(readFileSync(oursFile, 'utf8'));
const xml = readFileSync(nmapFile, 'utf8');
const truth = truthFile ? JSON.parse(readFileSync(truthFile, 'utf8')) : { ports: [] };

const attr = (s, k) => { const m = new RegExp(`\\b${k}="([^"]*)"`).exec(s); return m ? m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : ''; };
const theirs = new Map();
for (const h of xml.split('<host ').slice(1)) {
  const addr = attr(/<address [^>]*addrtype="ipv[46]"[^>]*>/.exec(h)?.[0] ?? '', 'addr');
  for (const p of h.matchAll(/<port protocol="tcp" portid="(\d+)">(.*?)<\/port>/gs)) {
    if (!/<state state="open"/.test(p[2])) { continue; }
    const svc = /<service [^>]*>/.exec(p[2])?.[0] ?? '';
    const tunnel = attr(svc, 'tunnel');
    theirs.set(`${addr}:${p[1]}`, { name: (tunnel ? `${tunnel}/` : '') + attr(svc, 'name'), product: attr(svc, 'product'), version: attr(svc, 'version') });
  }
}
const mine = new Map();
for (const h of ours.hosts ?? []) {
  for (const p of h.ports) { if (p.state === 'open') { mine.set(`${h.address}:${p.port}`, { name: p.service.name, product: p.service.product ?? '', version: p.service.version ?? '' }); } }
}
const norm = (s) => String(s ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
const truthOf = new Map(truth.ports.map((t) => [`${t.address}:${t.port}`, t]));
const verdict = (t, r) => {
  if (!t || !r) { return ''; }
  const nameOk = t.service.includes(r.name) || t.service.includes(r.name.replace(/^ssl\//, ''));
  const prodOk = t.product === null || norm(r.product).includes(norm(t.product));
  return nameOk && prodOk ? 'ok' : nameOk ? 'name' : 'MISS';
};

const keys = [...new Set([...mine.keys(), ...theirs.keys()])].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
const rows = [['PORT', 'GATEHOUSE', '', 'NMAP -sV', '']];
let score = { ours: 0, nmap: 0, n: 0 };
const show = (r) => (r ? `${r.name} | ${[r.product, r.version].filter(Boolean).join(' ') || '-'}` : '(not open)');
for (const k of keys) {
  const t = truthOf.get(k);
  const a = mine.get(k); const b = theirs.get(k);
  const va = verdict(t, a); const vb = verdict(t, b);
  if (t) { score.n++; if (va === 'ok') { score.ours++; } if (vb === 'ok') { score.nmap++; } }
  rows.push([k, show(a).slice(0, 70), va, show(b).slice(0, 70), vb]);
}
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) { console.log(r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd()); }
const a = Number(oursSecs); const b = Number(nmapSecs);
console.log('');
console.log(`open ports: gatehouse ${mine.size}, nmap ${theirs.size}`);
if (score.n > 0) { console.log(`lab manifest (service + product): gatehouse ${score.ours}/${score.n}, nmap ${score.nmap}/${score.n}`); }
console.log(`wall time: gatehouse ${a.toFixed(2)} s, nmap -sV ${b.toFixed(2)} s, ratio ${(a / b).toFixed(2)} (target <= 0.5)`);
