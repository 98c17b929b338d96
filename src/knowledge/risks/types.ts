/**
 * @module knowledge/risks/types — the shape of a risk catalogue entry as written in the data files. The loader
 * (knowledge/catalogue.ts) validates every entry once, at first use, with zod.
 */
export interface RiskData {
  /** Catalogue key, lower-case slug: 'redis', 'smb' … */
  readonly id: string;
  readonly title: string;
  /** Service names (IANA / identification vocabulary) this entry covers. */
  readonly services: readonly string[];
  /** Where the service usually listens: "6379/tcp". */
  readonly ports: readonly string[];
  /** What the service risks when exposed to other hosts: how bad exposure to untrusted networks is by default. */
  readonly severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  /**
   * The rank of the port when it is merely reachable and nothing is proven (no finding): what `gatehouse harden`
   * and local/risk.ts close first. Omitted = `severity`. Lower than `severity` where the harm needs a weak
   * configuration the scan has not shown (a database with passwords, SSH with keys).
   */
  readonly reachable?: 'critical' | 'high' | 'medium' | 'low' | 'info';
  /** Why attackers look for it. */
  readonly why: string;
  /** How to secure it: short imperative steps. */
  readonly secure: readonly string[];
  /** Well-known sources: CISA, SANS ISC, vendor documentation, CWE, RFCs. */
  readonly references: readonly string[];
  /** Ids of the checks (src/checks) that test it, if any. */
  readonly checks: readonly string[];
}
