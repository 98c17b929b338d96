/**
 * @module knowledge/eol — the dated end-of-life table (eol.json): product → release branches past their vendor's
 * end of life, each with its date and source. Loaded and validated once, on first use (like services.ts).
 */
import { createRequire } from 'node:module';
import { z } from 'zod';

const load = createRequire(import.meta.url);

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TableSchema = z.object({
  tableDate: z.string().regex(DATE),
  note: z.string(),
  products: z.array(z.object({
    product: z.string().min(1),
    match: z.string().min(1),
    source: z.string().url(),
    branches: z.array(z.object({ branch: z.string().regex(/^\d+(\.\d+)?$/), eol: z.string().regex(DATE) })).min(1),
  })).min(1),
});

export interface EolBranch { readonly branch: string; readonly eol: string }
export interface EolProduct { readonly product: string; readonly match: RegExp; readonly source: string; readonly branches: readonly EolBranch[] }
export interface EolTable { readonly tableDate: string; readonly products: readonly EolProduct[] }

/** Validates a parsed table (throws on a malformed one: the table ships with the code, so that is a build bug). */
export function parseEolTable(raw: unknown): EolTable {
  const t = TableSchema.parse(raw);
  return Object.freeze({
    tableDate: t.tableDate,
    products: t.products.map((p) => Object.freeze({ product: p.product, match: new RegExp(p.match, 'i'), source: p.source, branches: p.branches })),
  });
}

let table: EolTable | null = null;

export function eolTable(): EolTable {
  table ??= parseEolTable(load('./eol.json'));
  return table;
}
