/**
 * @module core/json-depth — the nesting limit of JSON input, checked right after `JSON.parse` and before any schema
 * or recursive code sees the value. Iterative (an explicit stack), so the check itself cannot overflow the stack.
 */
import { quote } from './quote.js';
import { UsageError } from '../errors/index.js';

/** The deepest JSON nesting accepted: a scan document needs ~10 levels for its own fields; facts and details a few more. */
export const JSON_MAX_DEPTH = 64;

/** The path of the first value nested deeper than `max` (root = depth 1), or null when the value is within it. */
export function tooDeepAt(value: unknown, max = JSON_MAX_DEPTH): string | null {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 1, path: '' }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (top.v === null || typeof top.v !== 'object') { continue; }
    if (top.depth > max) { return top.path || '(root)'; }
    const entries: [string, unknown][] = Array.isArray(top.v) ? top.v.map((x, i) => [String(i), x]) : Object.entries(top.v as Record<string, unknown>);
    for (const [k, x] of entries) {
      if (x !== null && typeof x === 'object') { stack.push({ v: x, depth: top.depth + 1, path: top.path ? `${top.path}.${k}` : k }); }
    }
  }
  return null;
}

/** Throws GH_ERR_INPUT_LIMIT (exit 2) naming `source` and where the nesting went too deep. */
export function checkJsonDepth(value: unknown, source: string, max = JSON_MAX_DEPTH): void {
  const at = tooDeepAt(value, max);
  if (at !== null) {
    throw new UsageError('GH_ERR_INPUT_LIMIT', `${quote(source)}: JSON nested deeper than the ${max}-level limit at ${quote(at, 120)}`);
  }
}
