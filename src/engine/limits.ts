/** @module engine/limits — how many sockets this process may hold: sizes the default concurrency. */
import { readFileSync } from 'node:fs';

/** The soft open-file limit (RLIMIT_NOFILE) from /proc, or `fallback` where /proc is unavailable. */
export function openFileLimit(fallback = 1024): number {
  try {
    const text = readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\d+|unlimited)\s+/m.exec(text);
    if (!m || m[1] === undefined) { return fallback; }
    return m[1] === 'unlimited' ? 1 << 20 : Number(m[1]);
  } catch {
    return fallback; // not Linux: the caller's fallback is the honest answer
  }
}

/** Probes in flight by default: most of the fd budget, leaving room for stdio, DNS and the store. */
export function defaultConcurrency(limit = openFileLimit()): number {
  return Math.max(16, Math.min(16_384, limit - 256));
}
