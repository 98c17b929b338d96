/** @module monitor/repo/util — small helpers the repositories share: pagination, JSON columns, constraint errors. */
import { GatehouseError } from '../../errors/index.js';

export interface PageQuery {
  /** Return rows with id greater than this cursor (the `next` of the previous page). */
  readonly after?: number;
  /** 1–1000, default 100. */
  readonly limit?: number;
}

export interface Page<T> {
  readonly items: T[];
  /** Cursor for the next page, or null on the last one. */
  readonly next: number | null;
}

export function pageLimit(q: PageQuery | undefined): number {
  const n = q?.limit ?? 100;
  if (!Number.isInteger(n) || n < 1 || n > 1000) { throw invalid(`page limit must be 1-1000, not ${n}`); }
  return n;
}

/** Rows fetched with limit + 1 → one page and its cursor. */
export function toPage<R extends { id: number }, T>(rows: readonly R[], limit: number, map: (r: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  return { items: items.map(map), next: rows.length > limit ? Number(items[items.length - 1]!.id) : null };
}

export function invalid(message: string): GatehouseError {
  return new GatehouseError('GH_ERR_INVALID', message, { exitCode: 2 });
}

export function parseJsonArray(text: string): string[] {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.map(String) : [];
}

/** A unique-constraint violation (SQLite or PostgreSQL) becomes GH_ERR_CONFLICT; anything else is rethrown. */
export async function conflictAs<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
      throw new GatehouseError('GH_ERR_CONFLICT', `${what} already exists`, { cause: err });
    }
    throw err;
  }
}

export function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) { throw invalid(`${what} must be one of ${allowed.join(', ')}, not "${value}"`); }
  return value as T;
}

export function isoDate(value: string, what: string): string {
  const t = Date.parse(value);
  if (Number.isNaN(t)) { throw invalid(`${what} is not a date: "${value}"`); }
  return new Date(t).toISOString();
}
