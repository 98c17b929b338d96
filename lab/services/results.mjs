/**
 * @module lab/services/results — reads the two tools' results for the accuracy cases: gatehouse --json documents and
 * nmap -oX files, each into a map "address:port/proto" -> open port (nmap's host scripts merged into every port).
 */
import { readFileSync } from 'node:fs';

/** gatehouse: "address:port/proto" -> port result */
export function ours(files) {
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
export function nmap(files) {
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

