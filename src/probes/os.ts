/**
 * @module probes/os — the operating system of a host, inferred from what service detection already saw (issue 14
 * item 6): SSH banners (distribution package suffixes, OpenSSH for Windows), HTTP Server headers (IIS, Apache's
 * platform comment) and port patterns (MSRPC + SMB, Apple services). Pure; nothing is sent. Never a guess without
 * evidence: a host with none gets no `os`.
 */
import type { HostOs, HostResult, PortResult } from '../core/types.js';

interface Clue { family: HostOs['family']; name?: string; version?: string; confidence: number; evidence: string }

const FAMILY_NAME: Record<HostOs['family'], string> = { linux: 'Linux', windows: 'Windows', macos: 'macOS', bsd: 'BSD' };

/** Debian's OpenSSH package revision names the release: "Debian-2+deb12u3" → 12. */
const DEBIAN_RELEASE = /\+deb(\d+)u\d+/;

/** One SSH banner line → a clue, or null. */
export function sshClue(banner: string, where: string): Clue | null {
  const ev = `${where} SSH banner "${banner}"`;
  if (/OpenSSH_for_Windows/i.test(banner)) { return { family: 'windows', name: 'Windows', confidence: 0.9, evidence: ev }; }
  const dist = /OpenSSH_[\w.]+ (Debian|Ubuntu|Raspbian|FreeBSD)/.exec(banner);
  if (dist === null) { return null; }
  const name = dist[1]!;
  if (name === 'FreeBSD') { return { family: 'bsd', name, confidence: 0.8, evidence: ev }; }
  const rel = name === 'Debian' ? DEBIAN_RELEASE.exec(banner)?.[1] : undefined;
  return { family: 'linux', name, ...(rel !== undefined ? { version: rel } : {}), confidence: 0.8, evidence: ev };
}

const HTTP_PLATFORMS: readonly [RegExp, HostOs['family'], string][] = [
  [/Microsoft-IIS\//, 'windows', 'Windows'], [/\(Win(32|64)\)/, 'windows', 'Windows'],
  [/\(Debian\)/, 'linux', 'Debian'], [/\(Ubuntu\)/, 'linux', 'Ubuntu'], [/\(CentOS\)/, 'linux', 'CentOS'],
  [/\(Red Hat[^)]*\)/, 'linux', 'Red Hat Enterprise Linux'], [/\(Fedora\)/, 'linux', 'Fedora'], [/\(FreeBSD\)/, 'bsd', 'FreeBSD'],
];

/** An HTTP Server header → a clue, or null (nginx, lighttpd, … say nothing about the OS). */
export function httpClue(server: string, where: string): Clue | null {
  for (const [re, family, name] of HTTP_PLATFORMS) {
    if (re.test(server)) { return { family, name, confidence: 0.7, evidence: `${where} HTTP Server "${server}"` }; }
  }
  return null;
}

/** Port patterns: what only one family normally exposes. Not used on a catch-all host (every port answers). */
export function portClues(open: ReadonlySet<number>): Clue[] {
  const out: Clue[] = [];
  if (open.has(135) && open.has(445)) { out.push({ family: 'windows', confidence: 0.6, evidence: 'ports 135/tcp (MSRPC endpoint mapper) and 445/tcp (SMB) open' }); }
  if (open.has(62078)) { out.push({ family: 'macos', name: 'iOS/macOS', confidence: 0.5, evidence: 'port 62078/tcp (Apple iphone-sync/lockdownd) open' }); }
  if (open.has(3283) || (open.has(548) && open.has(5900))) { out.push({ family: 'macos', confidence: 0.5, evidence: `port ${open.has(3283) ? '3283/tcp (Apple Remote Desktop)' : '548/tcp (AFP) and 5900/tcp (screen sharing)'} open` }); }
  return out;
}

const where = (p: PortResult): string => `${p.port}/${p.protocol}`;

export function clues(h: HostResult): Clue[] {
  const out: Clue[] = [];
  for (const p of h.ports) {
    if (p.state !== 'open') { continue; }
    const f = p.serviceFacts ?? {};
    const banner = f['ssh.banner'];
    const server = f['http.server'];
    const c1 = typeof banner === 'string' ? sshClue(banner, where(p)) : null;
    const c2 = typeof server === 'string' ? httpClue(server, where(p)) : null;
    if (c1) { out.push(c1); }
    if (c2) { out.push(c2); }
  }
  if (h.catchAll === undefined) {
    out.push(...portClues(new Set(h.ports.filter((p) => p.state === 'open' && p.protocol === 'tcp').map((p) => p.port))));
  }
  return out;
}

/** The OS the clues point at: the family with the strongest combined clues; undefined without any. */
export function inferOs(h: HostResult): HostOs | undefined {
  const all = clues(h);
  if (all.length === 0) { return undefined; }
  const byFamily = new Map<HostOs['family'], Clue[]>();
  for (const c of all) { byFamily.set(c.family, [...(byFamily.get(c.family) ?? []), c]); }
  const combined = (cs: readonly Clue[]): number => 1 - cs.reduce((a, c) => a * (1 - c.confidence), 1);
  const ranked = [...byFamily.entries()].sort((a, b) => combined(b[1]) - combined(a[1]) || (a[0] < b[0] ? -1 : 1));
  const [family, cs] = ranked[0]!;
  const named = [...cs].sort((a, b) => b.confidence - a.confidence).find((c) => c.name !== undefined);
  const versioned = cs.find((c) => c.version !== undefined && c.name === named?.name);
  const contradicted = ranked.length > 1;
  const os: HostOs = {
    family,
    name: named?.name ?? FAMILY_NAME[family],
    confidence: Math.round(100 * combined(cs) * (contradicted ? 0.5 : 1)) / 100,
    evidence: [...cs.map((c) => c.evidence), ...ranked.slice(1).flatMap(([, o]) => o.map((c) => `contradicts: ${c.evidence}`))],
  };
  if (versioned?.version !== undefined) { os.version = versioned.version; }
  return os;
}
