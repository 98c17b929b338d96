/**
 * @module local/policy — the policy file (YAML, docs/local.md): host groups, the ports each may expose and to whom,
 * and accepted risks with an owner and an expiry date. Parsed with `yaml`, validated once with zod; any error is one
 * line naming the file and the line (`policy.yaml:12: groups[0].allow[1].port: …`), exit 2.
 */
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import { LineCounter, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../errors/index.js';
import type { Protocol } from '../core/types.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) { return false; }
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function validCidrOrAddress(s: string): boolean {
  return s.includes('/') ? ipaddr.isValidCIDR(s) : ipaddr.isValid(s);
}

const portField = z.union([
  z.number().int().min(1).max(65535),
  z.string().regex(/^\d{1,5}(-\d{1,5})?$/, 'a port (22) or a range (8000-8100)').refine((s) => {
    const [a, b] = s.split('-').map(Number);
    return a !== undefined && a >= 1 && a <= 65535 && (b === undefined || (b >= a && b <= 65535));
  }, 'ports must be 1-65535, a range low-high'),
]);

const fromField = z.union([
  z.enum(['everyone', 'loopback']),
  z.array(z.string().refine(validCidrOrAddress, 'not an IP address or CIDR')).min(1),
]);

const allowSchema = z.object({
  port: portField,
  protocol: z.enum(['tcp', 'udp']).default('tcp'),
  service: z.string().min(1).optional(),
  process: z.string().min(1).optional(),
  from: fromField.default('everyone'),
  note: z.string().optional(),
}).strict();

const groupSchema = z.object({
  name: z.string().min(1),
  hosts: z.array(z.string().min(1)).min(1),
  allow: z.array(allowSchema).default([]),
}).strict();

const exceptionSchema = z.object({
  port: portField,
  protocol: z.enum(['tcp', 'udp']).default('tcp'),
  group: z.string().min(1).optional(),
  host: z.string().min(1).optional(),
  owner: z.string().min(1),
  reason: z.string().min(1),
  expires: z.string().refine(validDate, 'a date YYYY-MM-DD'),
}).strict();

const policySchema = z.object({
  version: z.literal(1),
  groups: z.array(groupSchema).min(1),
  exceptions: z.array(exceptionSchema).default([]),
}).strict();

export interface PortRange { lo: number; hi: number }
export type Audience = 'everyone' | 'loopback' | string[];

export interface AllowRule {
  group: string;
  ports: PortRange;
  protocol: Protocol;
  service?: string;
  process?: string;
  from: Audience;
  note?: string;
}

export interface HostGroup {
  name: string;
  hosts: string[];
  allow: AllowRule[];
}

export interface AcceptedRisk {
  ports: PortRange;
  protocol: Protocol;
  group?: string;
  host?: string;
  owner: string;
  reason: string;
  expires: string;
}

export interface Policy {
  source: string;
  groups: HostGroup[];
  exceptions: AcceptedRisk[];
}

function range(p: number | string): PortRange {
  if (typeof p === 'number') { return { lo: p, hi: p }; }
  const [a, b] = p.split('-').map(Number) as [number, number | undefined];
  return { lo: a, hi: b ?? a };
}

/** The 1-based line of the deepest node on `path` that exists (the enclosing mapping when a key is missing). */
function lineOf(doc: ReturnType<typeof parseDocument>, lc: LineCounter, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    const r = (node as { range?: [number, number, number] } | undefined)?.range;
    if (r) { return lc.linePos(r[0]).line; }
  }
  return 1;
}

function pathText(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) { s += typeof p === 'number' ? `[${p}]` : `${s === '' ? '' : '.'}${String(p)}`; }
  return s || '(root)';
}

/** Parses and validates policy text; `name` is used in error messages. */
export function parsePolicy(text: string, name: string): Policy {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const yamlErr = doc.errors[0];
  if (yamlErr) {
    const line = yamlErr.linePos?.[0]?.line ?? lc.linePos(yamlErr.pos[0]).line;
    throw new UsageError('GH_ERR_POLICY', `${name}:${line}: YAML: ${yamlErr.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // an alias whose anchor is missing is reported by toJS(), not in doc.errors: point at the first alias
    let line = 1;
    visit(doc, { Alias(_key, node) { if (node.range) { line = lc.linePos(node.range[0]).line; } return visit.BREAK; } });
    throw new UsageError('GH_ERR_POLICY', `${name}:${line}: YAML: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  const parsed = policySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    throw new UsageError('GH_ERR_POLICY', `${name}:${lineOf(doc, lc, path)}: ${pathText(path)}: ${issue?.message ?? 'invalid'}`);
  }
  const data = parsed.data;
  const names = new Set<string>();
  for (const [i, g] of data.groups.entries()) {
    if (names.has(g.name)) { throw new UsageError('GH_ERR_POLICY', `${name}:${lineOf(doc, lc, ['groups', i, 'name'])}: groups[${i}].name: duplicate group "${g.name}"`); }
    names.add(g.name);
  }
  for (const [i, e] of data.exceptions.entries()) {
    if (e.group !== undefined && !names.has(e.group)) {
      throw new UsageError('GH_ERR_POLICY', `${name}:${lineOf(doc, lc, ['exceptions', i, 'group'])}: exceptions[${i}].group: no group named "${e.group}"`);
    }
  }
  return {
    source: name,
    groups: data.groups.map((g) => ({
      name: g.name,
      hosts: g.hosts,
      allow: g.allow.map((a) => ({
        group: g.name, ports: range(a.port), protocol: a.protocol, from: a.from,
        ...(a.service !== undefined ? { service: a.service } : {}),
        ...(a.process !== undefined ? { process: a.process } : {}),
        ...(a.note !== undefined ? { note: a.note } : {}),
      })),
    })),
    exceptions: data.exceptions.map((e) => ({
      ports: range(e.port), protocol: e.protocol, owner: e.owner, reason: e.reason, expires: e.expires,
      ...(e.group !== undefined ? { group: e.group } : {}),
      ...(e.host !== undefined ? { host: e.host } : {}),
    })),
  };
}

/** Reads and parses a policy file (GH_ERR_FILE when unreadable, GH_ERR_POLICY when invalid). */
export function loadPolicy(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError('GH_ERR_FILE', `cannot read policy file "${path}": ${(err as NodeJS.ErrnoException).code ?? 'error'}`, { cause: err });
  }
  return parsePolicy(text, path);
}
