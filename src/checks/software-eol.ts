/**
 * @module checks/software-eol — `software-eol`: the product and version the identification stage proved on a port
 * (service.method 'probed', or an imported nmap -sV result) are on a release branch past its vendor's end of life,
 * per the dated table src/knowledge/eol.json. Sends nothing: it reads what identification found. It says only that
 * the branch is unsupported; it never infers a vulnerability from the version.
 */
import type { Finding, PortResult, Service } from '../core/types.js';
import { eolTable, type EolTable } from '../knowledge/eol.js';
import { notRun, secure, vulnerable, type Check, type CheckContext, type CheckOutcome } from './types.js';

export const SOFTWARE_EOL_ID = 'software-eol';

/** Leading numeric components of a version string: '9.6.24' → [9, 6, 24]; '8.0.36-0ubuntu' → [8, 0, 36]. */
export function versionParts(version: string): number[] {
  const m = /^\s*v?(\d{1,6})(?:\.(\d{1,6}))?(?:\.(\d{1,6}))?/.exec(version);
  if (!m) { return []; }
  return [m[1], m[2], m[3]].filter((x): x is string => x !== undefined).map(Number);
}

/**
 * The product and version as identified, normalised: MariaDB announces itself in the MySQL handshake as
 * '5.5.5-10.6.12-MariaDB' (a compatibility prefix), which must not be read as MySQL 5.5.
 */
export function normaliseProduct(product: string, version: string): { product: string; version: string } {
  const maria = /^5\.5\.5-(\d+\.\d+(?:\.\d+)?)-mariadb/i.exec(version) ?? /^(\d+\.\d+(?:\.\d+)?)-mariadb/i.exec(version);
  if (maria?.[1] !== undefined) { return { product: 'MariaDB', version: maria[1] }; }
  return { product, version };
}

function inBranch(parts: readonly number[], branch: string): boolean {
  const want = branch.split('.').map(Number);
  if (parts.length < want.length) { return false; }
  return want.every((n, i) => parts[i] === n);
}

/** The finding for this service, or null: pure, given the table and today's date (YYYY-MM-DD). */
export function eolFinding(service: Service, today: string, table: EolTable = eolTable()): Finding | null {
  if (service.method !== 'probed' || !service.product || !service.version) { return null; }
  const { product, version } = normaliseProduct(service.product, service.version);
  const parts = versionParts(version);
  if (parts.length === 0) { return null; }
  for (const p of table.products) {
    if (!p.match.test(product)) { continue; }
    const b = p.branches.find((x) => inBranch(parts, x.branch));
    if (!b || b.eol > today) { return null; }
    return {
      id: SOFTWARE_EOL_ID,
      severity: 'medium',
      title: `${p.product} ${b.branch} is past end of life`,
      evidence: `${p.product} ${version} was identified on this port; the ${b.branch} branch reached end of life on ${b.eol} ` +
        `(${p.source}; table dated ${table.tableDate}): it no longer receives security fixes.`,
      remediation: `Upgrade ${p.product} to a supported release branch; until then, allow the service only from trusted networks.`,
      references: [p.source],
      details: { product: p.product, version, branch: b.branch, eol: b.eol, tableDate: table.tableDate },
    };
  }
  return null;
}

/** Service names (as identification names them) whose products the table lists. */
export const EOL_SERVICES: readonly string[] = Object.freeze([
  'postgresql', 'postgres', 'mysql', 'mariadb', 'http', 'https', 'http-proxy', 'http-alt', 'https-alt',
]);

/**
 * The check in the checks registry's shape (src/checks/types.ts): it sends nothing; `vulnerable` when the identified
 * branch is past end of life, `secure` when the table lists no end for it, `not-run` without a product and version.
 */
export const softwareEol: Check = {
  id: SOFTWARE_EOL_ID,
  title: 'Software on an end-of-life release branch',
  severity: 'medium',
  services: EOL_SERVICES,
  applies: (port) => port.service.product !== undefined && port.service.version !== undefined,
  proves: 'The product and version identified on the port are on a release branch whose vendor ended security support (dated table src/knowledge/eol.json).',
  probe: 'Nothing is sent: it reads the product and version the identification stage proved.',
  remediation: 'Upgrade to a supported release branch of the product; until then, allow the service only from trusted networks.',
  get references(): readonly string[] { return [...new Set(eolTable().products.map((p) => p.source))]; }, // lazy: the table loads on first use
  async run(ctx: CheckContext): Promise<CheckOutcome> {
    const s = ctx.port.service;
    if (!s.product || !s.version) { return notRun('no product and version were identified'); }
    const f = eolFinding(s, new Date().toISOString().slice(0, 10));
    if (f) { return vulnerable(f.evidence, [], { details: f.details ?? {} }); }
    return secure(`${s.product} ${s.version}: no end of life in the table dated ${eolTable().tableDate}`, []);
  },
};

/** The check as a pure function of a port (imports use it: they have no dialer and send nothing). */
export function softwareEolForPort(port: PortResult, today: string): Finding[] {
  if (port.state !== 'open') { return []; }
  const f = eolFinding(port.service, today);
  return f ? [f] : [];
}
