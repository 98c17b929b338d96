/**
 * @module knowledge/catalogue — the risk catalogue, the one port-risk source: why attackers target a service, how
 * to secure it, severity (exposed to other hosts) and `reachable` (merely reachable, nothing proven: the ranking
 * local/risk.ts and `harden` use), references, per service (data in knowledge/risks/*.ts). Validated once, at first use, with zod (slugs,
 * "port/protocol" entries in 1–65535, https references, unique ids); lookups by service name or by port.
 */
import { z } from 'zod';
import type { Protocol } from '../core/types.js';
import { GatehouseError } from '../errors/index.js';
import { RISK_DATA } from './risks/index.js';

const portRef = z.string().regex(/^\d{1,5}\/(tcp|udp)$/).refine((s) => { const n = Number(s.split('/')[0]); return n >= 1 && n <= 65535; }, 'port out of range');

const severity = z.enum(['critical', 'high', 'medium', 'low', 'info']);

export const RiskSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string().min(2),
  services: z.array(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/)).min(1),
  ports: z.array(portRef).min(1),
  severity,
  reachable: severity.optional(),
  why: z.string().min(20),
  secure: z.array(z.string().min(5)).min(1),
  references: z.array(z.url({ protocol: /^https$/ })).min(1),
  checks: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)),
}).strict();

export type Risk = z.infer<typeof RiskSchema>;

export interface Catalogue {
  readonly risks: readonly Risk[];
  readonly byService: ReadonlyMap<string, Risk>;
  readonly byPort: ReadonlyMap<string, Risk[]>;   // "6379/tcp" → entries
}

let loaded: Catalogue | null = null;

/** Validate raw entries into a catalogue; throws GH_ERR_INTERNAL naming the bad entry. */
export function buildCatalogue(raw: readonly unknown[]): Catalogue {
  const parsed = z.array(RiskSchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GatehouseError('GH_ERR_INTERNAL', `risk catalogue invalid at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`);
  }
  const byService = new Map<string, Risk>();
  const byPort = new Map<string, Risk[]>();
  const ids = new Set<string>();
  for (const r of parsed.data) {
    if (ids.has(r.id)) { throw new GatehouseError('GH_ERR_INTERNAL', `risk catalogue: duplicate id ${r.id}`); }
    ids.add(r.id);
    for (const s of [r.id, ...r.services]) {
      const prev = byService.get(s);
      if (prev !== undefined && prev !== r) { throw new GatehouseError('GH_ERR_INTERNAL', `risk catalogue: service ${s} in ${prev.id} and ${r.id}`); }
      byService.set(s, r);
    }
    for (const p of r.ports) { byPort.set(p, [...(byPort.get(p) ?? []), r]); }
  }
  return Object.freeze({ risks: Object.freeze(parsed.data), byService, byPort });
}

export function catalogue(): Catalogue {
  loaded ??= buildCatalogue(RISK_DATA);
  return loaded;
}

/** The entry for a service name (IANA or identification vocabulary), if the service is catalogued. */
export function riskForService(name: string): Risk | undefined {
  return catalogue().byService.get(name.toLowerCase());
}

/** The rank of a merely reachable port of this entry: `reachable`, defaulting to `severity`. */
export function reachableSeverity(r: Risk): Risk['severity'] {
  return r.reachable ?? r.severity;
}

/** Entries for a port (usually one), in a new array the caller may sort or extend. */
export function risksForPort(port: number, protocol: Protocol): Risk[] {
  return [...(catalogue().byPort.get(`${port}/${protocol}`) ?? [])];
}
