// Compares the verdicts of gatehouse, testssl.sh and sslscan per endpoint from bench/tls.sh's raw outputs, and prints
// the wall times with the ratio ours/testssl.sh. A verdict is a token (a protocol offered, or a problem found); each
// peer is only compared on the tokens it can judge (sslscan does not check chains, names or HSTS).
// Usage: node bench/tls-verdicts.mjs bench/out/tls
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const dir = process.argv[2] ?? 'bench/out/tls';
const PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
const CERT = ['expired', 'not-yet-valid', 'self-signed', 'incomplete-chain', 'untrusted', 'hostname-mismatch', 'weak-signature', 'short-key'];
const JUDGES = {
  testssl: [...PROTOCOLS, 'weak-cipher', 'weak-dh', 'no-hsts', ...CERT],
  sslscan: [...PROTOCOLS, 'weak-cipher', 'weak-dh', 'expired', 'self-signed', 'weak-signature', 'short-key'],
};
const FROM_OURS = {
  'tls-weak-cipher': 'weak-cipher', 'tls-weak-dh': 'weak-dh', 'https-no-hsts': 'no-hsts', 'tls-expired-cert': 'expired',
  'tls-not-yet-valid': 'not-yet-valid', 'tls-self-signed': 'self-signed', 'tls-incomplete-chain': 'incomplete-chain',
  'tls-untrusted-chain': 'untrusted', 'tls-hostname-mismatch': 'hostname-mismatch', 'tls-weak-signature': 'weak-signature',
  'tls-short-key': 'short-key',
};

function ours(name) {
  const f = `${dir}/${name}.ours.json`;
  if (!existsSync(f) || readFileSync(f, 'utf8').trim() === '') { return null; }
  const j = JSON.parse(readFileSync(f, 'utf8'));
  const out = new Set(j.report.protocols);
  for (const x of j.findings) { if (FROM_OURS[x.id]) { out.add(FROM_OURS[x.id]); } }
  return out;
}

function testssl(name) {
  const f = `${dir}/${name}.testssl.json`;
  if (!existsSync(f)) { return null; }
  let j;
  try { j = JSON.parse(readFileSync(f, 'utf8')); } catch { return null; }
  const rows = Array.isArray(j) ? j : (j.scanResult?.[0] ? Object.values(j.scanResult[0]).flat().filter((x) => x && x.id) : []);
  const by = (id) => rows.filter((r) => r.id === id);
  const first = (id) => String(by(id)[0]?.finding ?? '');
  const out = new Set();
  const map = { SSLv2: 'SSLv2', SSLv3: 'SSLv3', TLS1: 'TLSv1.0', TLS1_1: 'TLSv1.1', TLS1_2: 'TLSv1.2', TLS1_3: 'TLSv1.3' };
  for (const [id, p] of Object.entries(map)) { if (/^offered/.test(first(id))) { out.add(p); } }
  if (['cipherlist_NULL', 'cipherlist_aNULL', 'cipherlist_EXPORT', 'cipherlist_LOW', 'cipherlist_3DES_IDEA'].some((id) => /^offered/.test(first(id)))) { out.add('weak-cipher'); }
  if (rows.some((r) => /^LOGJAM/.test(r.id) && /VULNERABLE|1024|768|512/.test(String(r.finding)) && r.severity !== 'OK')) { out.add('weak-dh'); }
  if (by('HSTS').some((r) => /not offered/.test(String(r.finding)))) { out.add('no-hsts'); }
  if (by('service').some((r) => /skipping all HTTP checks/.test(String(r.finding)))) { out.add('?no-hsts'); }   // not judged
  const exp = rows.filter((r) => /^cert_expirationStatus/.test(r.id)).map((r) => String(r.finding)).join(' ');
  if (/expired/i.test(exp)) { out.add('expired'); }
  if (/not yet valid/i.test(exp) || rows.some((r) => /^cert_notBefore/.test(r.id) && r.severity === 'HIGH')) { out.add('not-yet-valid'); }
  const chain = rows.filter((r) => /^cert_chain_of_trust/.test(r.id)).map((r) => String(r.finding)).join(' ');
  if (/self signed/i.test(chain)) { out.add('self-signed'); } else if (/incomplete|local issuer/i.test(chain)) { out.add('incomplete-chain'); } else if (/failed|NOT ok/i.test(chain)) { out.add('untrusted'); }
  if (rows.some((r) => /^cert_trust/.test(r.id) && /does not match/i.test(String(r.finding)))) { out.add('hostname-mismatch'); }
  if (rows.some((r) => /^cert_signatureAlgorithm/.test(r.id) && /SHA1|MD5/i.test(String(r.finding)))) { out.add('weak-signature'); }
  if (rows.some((r) => /^cert_keySize/.test(r.id) && /(RSA|DSA) (\d+)/.test(String(r.finding)) && Number(/(\d+) bits/.exec(String(r.finding))?.[1]) < 2048)) { out.add('short-key'); }
  return out;
}

function sslscan(name) {
  const f = `${dir}/${name}.sslscan.xml`;
  if (!existsSync(f)) { return null; }
  const x = readFileSync(f, 'utf8');
  const out = new Set();
  for (const m of x.matchAll(/<protocol type="(ssl|tls)" version="([\d.]+)" enabled="1"/g)) {
    out.add(m[1] === 'ssl' ? `SSLv${m[2]}` : `TLSv${m[2]}`);
  }
  const ciphers = [...x.matchAll(/<cipher [^>]*status="(?:accepted|preferred)"[^>]*>/g)].map((m) => m[0]);
  if (ciphers.some((c) => /strength="(null|anonymous|weak|medium)"/.test(c) || /cipher="[^"]*(NULL|ADH|AECDH|EXP|RC4|DES|IDEA|RC2)/.test(c))) { out.add('weak-cipher'); }
  if (ciphers.some((c) => { const b = / dhebits="(\d+)"/.exec(c); return b !== null && Number(b[1]) < 2048; })) { out.add('weak-dh'); }
  if (/<expired>true<\/expired>/.test(x)) { out.add('expired'); }
  if (/<self-signed>true<\/self-signed>/.test(x)) { out.add('self-signed'); }
  if (/<signature-algorithm>[^<]*(sha1|md5)/i.test(x)) { out.add('weak-signature'); }
  const pk = /<pk [^>]*type="(RSA|DSA|EC)"[^>]*bits="(\d+)"/.exec(x);
  if (pk && ((pk[1] !== 'EC' && Number(pk[2]) < 2048) || (pk[1] === 'EC' && Number(pk[2]) < 256))) { out.add('short-key'); }
  return out;
}

function diff(a, b, judge) {
  if (a === null || b === null) { return 'n/a'; }
  const miss = judge.filter((t) => !b.has(`?${t}`) && a.has(t) !== b.has(t));
  return miss.length === 0 ? 'same' : miss.map((t) => `${a.has(t) ? '+' : '-'}${t}`).join(' ');
}

const times = existsSync(`${dir}/times.txt`) ? readFileSync(`${dir}/times.txt`, 'utf8').trim().split('\n') : [];
const rows = [];
let sumOurs = 0; let sumTestssl = 0;
console.log('endpoint        ours ms  testssl ms  sslscan ms  ratio   verdicts (ours)                          vs testssl            vs sslscan');
for (const line of times) {
  const [name, tOurs, tTestssl, tSslscan] = line.split(' ');
  if (name === 'load') { console.log(line); continue; }
  const o = ours(name); const t = testssl(name); const s = sslscan(name);
  const ratio = Number(tOurs) / Number(tTestssl);
  sumOurs += Number(tOurs); sumTestssl += Number(tTestssl);
  const row = { name, ms: { ours: Number(tOurs), testssl: Number(tTestssl), sslscan: Number(tSslscan) }, ratio, ours: o && [...o], testssl: t && [...t], sslscan: s && [...s], vsTestssl: diff(o, t, JUDGES.testssl), vsSslscan: diff(o, s, JUDGES.sslscan) };
  rows.push(row);
  console.log(`${name.padEnd(15)} ${String(tOurs).padStart(7)}  ${String(tTestssl).padStart(10)}  ${String(tSslscan).padStart(10)}  ${ratio.toFixed(3).padStart(5)}   ${(o ? [...o].join(',') : 'error').padEnd(40)} ${row.vsTestssl.padEnd(21)} ${row.vsSslscan}`);
}
if (rows.length > 0) { console.log(`total           ${String(sumOurs).padStart(7)}  ${String(sumTestssl).padStart(10)}              ${(sumOurs / sumTestssl).toFixed(3)}   (+x = only we say x, -x = only the peer says x)`); }
writeFileSync('bench/out/tls.json', `${JSON.stringify({ rows, totalMs: { ours: sumOurs, testssl: sumTestssl } }, null, 2)}\n`);
