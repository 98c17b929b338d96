/**
 * @module core/scan-document — reads a Gatehouse scan document (contract v1, `scan --json`) given to report / explain
 * / plan, and checks the fields the score and the reports rely on. Unknown extra fields are kept as they are.
 */
import { z } from 'zod';
import type { ScanDocument } from './types.js';
import { UsageError } from '../errors/index.js';

const FindingSchema = z.object({
  id: z.string().min(1).max(200),
  severity: z.enum(['critical', 'high', 'medium', 'low', 'info']),
  title: z.string().max(2000),
  evidence: z.string().max(100_000),
  remediation: z.string().max(10_000),
  references: z.array(z.string().max(2000)).max(100),
}).passthrough();

const PortSchema = z.object({
  port: z.number().int().min(0).max(65535),
  protocol: z.enum(['tcp', 'udp']),
  state: z.enum(['open', 'closed', 'filtered', 'open|filtered', 'unknown']),
  reason: z.string(),
  service: z.object({ name: z.string() }).passthrough(),
  findings: z.array(FindingSchema).optional(),
}).passthrough();

const HostSchema = z.object({
  address: z.string().min(1).max(255),
  hostnames: z.array(z.string()),
  state: z.enum(['up', 'down', 'unknown']),
  reason: z.string(),
  ports: z.array(PortSchema),
  counts: z.object({ open: z.number(), closed: z.number(), filtered: z.number(), 'open|filtered': z.number() }).passthrough(),
  findings: z.array(FindingSchema).optional(),
}).passthrough();

const DocSchema = z.object({
  version: z.literal(1),
  scan: z.object({ started: z.string(), finished: z.string().nullable(), targets: z.array(z.string()), ports: z.string() }).passthrough(),
  hosts: z.array(HostSchema),
}).passthrough();

/** Validates parsed JSON as a scan document; the error names the first offending path. */
export function toScanDocument(raw: unknown, source: string): ScanDocument {
  const r = DocSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw new UsageError('GH_ERR_IMPORT', `${source} is not a Gatehouse scan document (contract v1)${where ? `: bad field ${where}` : ''}`);
  }
  return r.data as unknown as ScanDocument;
}
