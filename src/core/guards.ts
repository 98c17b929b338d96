/** @module core/guards — type guards for untrusted values (parsed JSON, server bytes, option strings). */

/** A plain JSON-like object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string that is one of a fixed list of literals (an option value, a protocol name). */
export function isOneOf<T extends string>(list: readonly T[], v: string | undefined): v is T {
  return v !== undefined && (list as readonly string[]).includes(v);
}
