/**
 * @module lab/services/accuracy — the accuracy table of bench/accuracy.sh: per lab port, the truth, what gatehouse
 * reported (its --json document) and what nmap -sV reported (its -oX file), each judged by truth.mjs `judge`
 * (service, product where the protocol names it, version where it reveals it; a version where none is revealed must
 * still be right). A port is correct when every judged part is. Prints the table, then the counts.
 *   node accuracy.mjs --ours FILE.json --nmap FILE.xml [--versions /tmp/gh-svc/versions.json] [--skip-daemon NAME]
 */
import { readFileSync } from 'node:fs';
import { expectedVersion, judge, loadTruth } from './truth.mjs';

const args = process.argv.slice(2);
const arg = (name) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const truth = loadTruth();
truth.ports = truth.ports.filter((t) => t.daemon !== arg('skip-daemon'));
const versions = JSON.parse(readFileSync(arg('versions') ?? '/tmp/gh-svc/versions.json', 'utf8'));

/** gatehouse: address:port -> { name, product, version, tls } */
function ours(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const out = new Map();
  for (const h of doc.hosts) {
    for (const p of h.ports) {
      if (p.state !== 'open') { continue; }
      out.set(`${h.address}:${p.port}`, { name: p.service.name, product: p.service.product, version: p.service.version, tls: p.service.tls });
    }
  }
  return out;
}

const attr = (tag, name) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? m[1].replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : undefined;
};

/** nmap -oX: address:port -> { name, product, version, tls } (tunnel="ssl" = TLS) */
function nmap(file) {
  const xml = readFileSync(file, 'utf8');
  const out = new Map();
  for (const host of xml.split('<host ').slice(1)) {
    const addr = /<address addr="([^"]+)" addrtype="ipv4"/.exec(host)?.[1];
    if (!addr) { continue; }
    for (const m of host.matchAll(/<port protocol="tcp" portid="(\d+)">([\s\S]*?)<\/port>/g)) {
      const body = m[2] ?? '';
      if (!/<state state="open"/.test(body)) { continue; }
      const svc = /<service [^>]*>/.exec(body)?.[0] ?? '';
      const tls = attr(svc, 'tunnel') === 'ssl';
      out.set(`${addr}:${m[1]}`, { name: attr(svc, 'name') ?? 'unknown', product: attr(svc, 'product'), version: attr(svc, 'version'), tls });
    }
  }
  return out;
}

const show = (r) => (r ? `${r.tls ? 'ssl/' : ''}${r.name ?? '?'} ${r.product ?? '-'} ${r.version ?? '-'}` : '(not open)');
const mark = (v) => (v.service && v.product !== false && v.version !== false ? 'ok ' : 'BAD');
const why = (v) => [!v.service && 'service', v.product === false && 'product', v.version === false && 'version'].filter(Boolean).join('+');

const o = ours(arg('ours'));
const n = nmap(arg('nmap'));
const rows = [];
// missed: the port not reported open, or named "unknown" (the tool said nothing); wrong: it said something false
const count = { ours: { ok: 0, wrong: 0, missed: 0 }, nmap: { ok: 0, wrong: 0, missed: 0 } };
const real = { ours: { ok: 0, wrong: 0, missed: 0 }, nmap: { ok: 0, wrong: 0, missed: 0 } };   // real Debian daemons only
for (const t of truth.ports) {
  const key = `${t.address}:${t.port}`;
  const want = `${t.service[0]} ${t.product ?? '(unnamed)'} ${expectedVersion(t, versions) ?? '(unrevealed)'}`;
  const cells = [];
  for (const [who, got] of [['ours', o.get(key)], ['nmap', n.get(key)]]) {
    const v = got ? judge(t, versions, got) : { service: false, product: false, version: false };
    const ok = mark(v) === 'ok ';
    const verdict = ok ? 'ok' : !got || (got.name === 'unknown' && !t.service.includes('unknown')) ? 'missed' : 'wrong';
    count[who][verdict]++;
    if (t.real) { real[who][verdict]++; }
    cells.push(`${mark(v)} ${show(got)}${ok ? '' : ` [${why(v) || 'closed'}]`}`);
  }
  rows.push([key, t.real ? '' : '*', want, ...cells]);
}
const width = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
console.log(['port'.padEnd(width[0]), ' ', 'truth'.padEnd(width[2]), 'gatehouse'.padEnd(width[3]), 'nmap -sV'].join(' | '));
for (const r of rows) { console.log([r[0].padEnd(width[0]), r[1].padEnd(1), r[2].padEnd(width[2]), r[3].padEnd(width[3]), r[4]].join(' | ')); }
console.log(`* = emulator or hostile peer, not a real daemon.  ${truth.ports.length} ports.`);
const tally = (k) => `${k.ok} correct, ${k.wrong} wrong, ${k.missed} missed`;
console.log(`all ports:           gatehouse ${tally(count.ours)};  nmap -sV ${tally(count.nmap)}`);
console.log(`real daemons only:   gatehouse ${tally(real.ours)};  nmap -sV ${tally(real.nmap)}`);
const worse = truth.ports.filter((t) => {
  const key = `${t.address}:${t.port}`;
  const a = o.get(key); const b = n.get(key);
  const va = a ? judge(t, versions, a) : null; const vb = b ? judge(t, versions, b) : null;
  return (!va || mark(va) !== 'ok ') && vb && mark(vb) === 'ok ';
}).map((t) => `${t.address}:${t.port}`);
console.log(`ports where nmap is right and gatehouse is not: ${worse.length ? worse.join(' ') : 'none'}`);
