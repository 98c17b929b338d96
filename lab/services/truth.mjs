/**
 * @module lab/services/truth — loads the lab's ground truth (truth.json) and holds the comparisons that both the
 * lab test (test/lab/services.test.ts) and bench/accuracy.sh apply to what a scanner reported for one port.
 * Types: truth.d.mts.
 */
import { readFileSync } from 'node:fs';

export const TRUTH_FILE = new URL('./truth.json', import.meta.url).pathname;
export const VERSIONS_FILE = '/tmp/gh-svc/versions.json';

export function loadTruth(file = TRUTH_FILE) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The scan targets of these truth ports: each address once, or the name it is to be scanned as (`scanAs`, e.g. for a
 * certificate name check), with `--resolve name:address` pins so no DNS is asked.
 */
export function scanTargets(ports) {
  const byAddress = new Map();
  for (const p of ports) { if (!byAddress.has(p.address) || p.scanAs) { byAddress.set(p.address, p.scanAs ?? p.address); } }
  const pins = [...byAddress].filter(([a, t]) => a !== t).map(([a, t]) => `${t}:${a}`);
  return { targets: [...byAddress.values()], resolveArgs: pins.length > 0 ? ['--resolve', pins.join(',')] : [] };
}

/** Lower case, letters and digits only: "X.Org" ~ "xorg", "Redis key-value store" ~ "rediskeyvaluestore". */
export function squash(s) {
  return s.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The reported product names the truth's product (contains it, ignoring case and punctuation). */
export function productMatches(reported, truth) {
  return typeof reported === 'string' && squash(reported).includes(squash(truth));
}

/**
 * The reported version is the expected one: equal after dropping a leading "v", or the expected one followed by a
 * non-alphanumeric suffix ("2.42.0+ds", "9.2p1 Debian-2"). "5.5.5-10.11.19" for 10.11.19 does not match.
 */
export function versionMatches(reported, expected) {
  if (typeof reported !== 'string' || expected === '') { return false; }
  const r = reported.replace(/^v(?=\d)/, '');
  const e = expected.replace(/^v(?=\d)/, '');
  return r === e || (r.startsWith(e) && /^[^a-z0-9]/i.test(r.slice(e.length)));
}

/** The version the protocol reveals per the truth (undefined: it does not reveal one). */
export function expectedVersion(t, versions) {
  if (t.version === null || t.version.from === 'hidden') { return undefined; }
  if (t.version.from === 'emulator') { return t.version.value; }
  return versions[t.version.package]?.upstream;
}

/** Service names are equal, with "https" = "http" over TLS and nmap's "ssl/x" = "x" over TLS. */
export function serviceMatches(reported, tls, accepted) {
  if (typeof reported !== 'string') { return false; }
  const name = reported.toLowerCase().replace(/^ssl\//, '');
  if (accepted.includes(name)) { return true; }
  return name === 'http' && (tls === true || reported.startsWith('ssl/')) && accepted.includes('https');
}

/** The standard finding ids that must not appear on this port. */
export function forbiddenFindings(t, truth) {
  return truth.standardFindings.filter((id) => !t.expect.includes(id) && !t.allow.includes(id));
}

/**
 * Judges one identification against the truth: { service, product, version } each true/false, or null where the
 * truth asserts nothing (product not named by the protocol, version not revealed and none reported).
 */
export function judge(t, versions, got) {
  const want = expectedVersion(t, versions);
  let version = null;
  if (t.version === null) { version = got.version === undefined ? null : false; }
  else if (want !== undefined) { version = versionMatches(got.version, want); }
  else if (got.version !== undefined) { version = versionMatches(got.version, versions[t.version.package]?.upstream ?? ''); }
  return {
    service: serviceMatches(got.name, got.tls, t.service),
    product: t.product === null ? null : productMatches(got.product, t.product),
    version,
  };
}
